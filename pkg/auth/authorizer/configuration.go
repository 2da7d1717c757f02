package authorizer

import (
	"fmt"
	"os"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/apis/apiserver/load"
	"k8s.io/apiserver/pkg/apis/apiserver/validation"
	authorizationcel "k8s.io/apiserver/pkg/authorization/cel"
)

// flagsWebhookTimeout is the timeout of the webhook of ModeWebhook, which the flags cannot set:
// kube-apiserver's, from before the configuration file had one.
const flagsWebhookTimeout = 30 * time.Second

// nameOf is the name an authorizer of a mode has in the chain, which prefixes its reasons in 403
// messages: the lower-cased mode, as kube-apiserver names it.
func nameOf(mode string) string {
	return strings.ToLower(mode)
}

// configuration returns the AuthorizationConfiguration of the chain: ConfigFile's, with the data read,
// or the one the modes and webhook flags describe, which needs no validation beyond Validate.
func (c Config) configuration(compiler authorizationcel.Compiler) (*apiserver.AuthorizationConfiguration, []byte, error) {
	if c.ConfigFile == "" {
		return c.flagsConfiguration(), nil, nil
	}
	data, err := os.ReadFile(c.ConfigFile)
	if err != nil {
		return nil, nil, err
	}
	configuration, err := loadData(data, compiler, nil)
	return configuration, data, err
}

// flagsConfiguration is the chain of the --authorization-mode list. The webhook's failures are no
// opinion and its timeout flagsWebhookTimeout, as they were before either could be configured.
func (c Config) flagsConfiguration() *apiserver.AuthorizationConfiguration {
	configuration := &apiserver.AuthorizationConfiguration{}
	for _, mode := range c.Modes {
		a := apiserver.AuthorizerConfiguration{Type: apiserver.AuthorizerType(mode), Name: nameOf(mode)}
		if mode == ModeWebhook {
			kubeconfig := c.Webhook.ConfigFile
			a.Webhook = &apiserver.WebhookConfiguration{
				AuthorizedTTL:              metav1.Duration{Duration: c.Webhook.AuthorizedTTL},
				CacheAuthorizedRequests:    c.Webhook.AuthorizedTTL != 0,
				UnauthorizedTTL:            metav1.Duration{Duration: c.Webhook.UnauthorizedTTL},
				CacheUnauthorizedRequests:  c.Webhook.UnauthorizedTTL != 0,
				Timeout:                    metav1.Duration{Duration: flagsWebhookTimeout},
				FailurePolicy:              apiserver.FailurePolicyNoOpinion,
				SubjectAccessReviewVersion: c.Webhook.Version,
				ConnectionInfo: apiserver.WebhookConnectionInfo{
					Type:           apiserver.AuthorizationWebhookConnectionInfoTypeKubeConfigFile,
					KubeConfigFile: &kubeconfig,
				},
			}
		}
		configuration.Authorizers = append(configuration.Authorizers, a)
	}
	return configuration
}

// loadFile reads and checks an AuthorizationConfiguration file, as loadData does.
func loadFile(file string, compiler authorizationcel.Compiler, required sets.Set[apiserver.AuthorizerType]) (*apiserver.AuthorizationConfiguration, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return loadData(data, compiler, required)
}

// loadData decodes an AuthorizationConfiguration of any served version and checks it as
// kube-apiserver does: the library's validation (only Webhook may repeat), then kube-apiserver's own
// rules, that every other authorizer is named after its type and that the required types, those a
// reload may not drop, are all there.
func loadData(data []byte, compiler authorizationcel.Compiler, required sets.Set[apiserver.AuthorizerType]) (*apiserver.AuthorizationConfiguration, error) {
	configuration, err := load.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("failed to load AuthorizationConfiguration from file: %w", err)
	}
	if errs := validation.ValidateAuthorizationConfiguration(compiler, nil, configuration, Modes, sets.New(ModeWebhook)); len(errs) != 0 {
		return nil, errs.ToAggregate()
	}
	var errs []error
	seen := sets.New[apiserver.AuthorizerType]()
	for _, a := range configuration.Authorizers {
		if a.Type == apiserver.TypeWebhook {
			continue
		}
		seen.Insert(a.Type)
		if want := nameOf(string(a.Type)); a.Name != want {
			errs = append(errs, fmt.Errorf("expected name %s for authorizer %s instead of %s", want, a.Type, a.Name))
		}
	}
	if missing := required.Difference(seen); missing.Len() > 0 {
		errs = append(errs, fmt.Errorf("missing required types: %v", sets.List(missing)))
	}
	if len(errs) > 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	return configuration, nil
}
