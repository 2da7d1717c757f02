package podtolerationrestriction

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
	configv1 "github.com/kapi-dev/kapi/pkg/apis/podtolerationrestriction/v1"
)

var codecs = func() serializer.CodecFactory {
	scheme := runtime.NewScheme()
	utilruntime.Must(configv1.AddToScheme(scheme))
	return serializer.NewCodecFactory(scheme)
}()

// readConfig reads the plugin's configuration, which may be absent, and validates its tolerations.
func readConfig(r io.Reader) (*configv1.Configuration, error) {
	if r == nil {
		return &configv1.Configuration{}, nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	obj, _, err := codecs.UniversalDeserializer().Decode(data, nil, nil)
	if err != nil {
		return nil, err
	}
	config, ok := obj.(*configv1.Configuration)
	if !ok {
		return nil, fmt.Errorf("unexpected type: %T", obj)
	}
	errs := corevalidation.ValidateTolerations(config.Default, field.NewPath("default"))
	errs = append(errs, corevalidation.ValidateTolerations(config.Whitelist, field.NewPath("whitelist"))...)
	if err := errs.ToAggregate(); err != nil {
		return nil, err
	}
	return config, nil
}
