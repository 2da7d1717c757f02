package podtolerationrestriction

import (
	"fmt"
	"io"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/admission/internal/pluginconfig"
	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
	configv1 "github.com/kapi-dev/kapi/pkg/apis/podtolerationrestriction/v1"
)

var decoder = func() pluginconfig.Decoder {
	d, err := pluginconfig.NewDecoder(configv1.AddToScheme)
	utilruntime.Must(err)
	return d
}()

// readConfig reads the plugin's configuration, which may be absent, and validates its tolerations.
func readConfig(r io.Reader) (*configv1.Configuration, error) {
	if r == nil {
		return &configv1.Configuration{}, nil
	}
	config, err := pluginconfig.Decode[*configv1.Configuration](decoder, r)
	if err != nil {
		return nil, err
	}
	path := field.NewPath("podtolerationrestriction")
	errs := corevalidation.ValidateTolerations(config.Default, path.Child("default"))
	errs = append(errs, corevalidation.ValidateTolerations(config.Whitelist, path.Child("whitelist"))...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid config: %v", errs)
	}
	return config, nil
}
