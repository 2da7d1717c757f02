package authenticator

import (
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/apis/apiserver/install"
	"k8s.io/apiserver/pkg/apis/apiserver/validation"
	authenticationcel "k8s.io/apiserver/pkg/authentication/cel"
)

// configurationCodecs decode AuthenticationConfiguration in every version kube-apiserver reads
// (apiserver.config.k8s.io/v1, apiserver.k8s.io/v1beta1 and v1alpha1), strictly: an unknown field is
// an error, not a silently ignored setting.
var configurationCodecs = func() serializer.CodecFactory {
	scheme := runtime.NewScheme()
	install.Install(scheme)
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict)
}()

// LoadConfiguration reads the AuthenticationConfiguration of --authentication-config.
func LoadConfiguration(path string) (*apiserverapi.AuthenticationConfiguration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--authentication-config: %w", err)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("--authentication-config: empty config file %q", path)
	}
	obj, err := runtime.Decode(configurationCodecs.UniversalDecoder(), data)
	if err != nil {
		return nil, fmt.Errorf("--authentication-config: %w", err)
	}
	config, ok := obj.(*apiserverapi.AuthenticationConfiguration)
	if !ok {
		return nil, fmt.Errorf("--authentication-config: expected AuthenticationConfiguration, got %T", obj)
	}
	return config, nil
}

// ValidateConfiguration checks config as kube-apiserver does, CEL expressions compiled; a JWT issuer
// may not be one of the service-account issuers, whose tokens kapi verifies itself.
func ValidateConfiguration(config *apiserverapi.AuthenticationConfiguration, serviceAccountIssuers []string) error {
	if errs := validation.ValidateAuthenticationConfiguration(authenticationcel.NewDefaultCompiler(), config, serviceAccountIssuers); len(errs) > 0 {
		return fmt.Errorf("--authentication-config: %w", errs.ToAggregate())
	}
	return nil
}
