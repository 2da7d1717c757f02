package eventratelimit

import (
	"io"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/admission/internal/pluginconfig"
	configv1alpha1 "github.com/kapi-dev/kapi/pkg/apis/eventratelimit/v1alpha1"
)

var decoder = func() pluginconfig.Decoder {
	d, err := pluginconfig.NewDecoder(configv1alpha1.AddToScheme)
	utilruntime.Must(err)
	return d
}()

// limitTypes are the known limit types, in the order their error lists them.
var limitTypes = []string{
	string(configv1alpha1.NamespaceLimitType),
	string(configv1alpha1.ServerLimitType),
	string(configv1alpha1.SourceAndObjectLimitType),
	string(configv1alpha1.UserLimitType),
}

// readConfig reads and validates the configuration; without one, the plugin has no limits, which
// validation refuses as kube-apiserver does.
func readConfig(r io.Reader) (*configv1alpha1.Configuration, error) {
	config := &configv1alpha1.Configuration{}
	if r != nil {
		var err error
		if config, err = pluginconfig.Decode[*configv1alpha1.Configuration](decoder, r); err != nil {
			return nil, err
		}
	}
	if err := validate(config).ToAggregate(); err != nil {
		return nil, err
	}
	return config, nil
}

func validate(config *configv1alpha1.Configuration) field.ErrorList {
	var errs field.ErrorList
	path := field.NewPath("limits")
	if len(config.Limits) == 0 {
		errs = append(errs, field.Invalid(path, config.Limits, "must not be empty"))
	}
	for i, limit := range config.Limits {
		limitPath := path.Index(i)
		switch limit.Type {
		case configv1alpha1.ServerLimitType, configv1alpha1.NamespaceLimitType, configv1alpha1.UserLimitType, configv1alpha1.SourceAndObjectLimitType:
		default:
			errs = append(errs, field.NotSupported(limitPath.Child("type"), limit.Type, limitTypes))
		}
		if limit.Burst <= 0 {
			errs = append(errs, field.Invalid(limitPath.Child("burst"), limit.Burst, "must be positive"))
		}
		if limit.QPS <= 0 {
			errs = append(errs, field.Invalid(limitPath.Child("qps"), limit.QPS, "must be positive"))
		}
		if limit.Type != configv1alpha1.ServerLimitType && limit.CacheSize < 0 {
			errs = append(errs, field.Invalid(limitPath.Child("cacheSize"), limit.CacheSize, "must not be negative"))
		}
	}
	return errs
}
