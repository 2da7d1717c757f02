// Package authorizer assembles kapi's authorizer chain, from the --authorization-mode list and the
// --authorization-webhook-* flags or from the AuthorizationConfiguration file of
// --authorization-config, which it reloads when the file changes.
package authorizer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	authorizationcel "k8s.io/apiserver/pkg/authorization/cel"
	"k8s.io/client-go/informers"
)

// Authorization modes, spelt as kube-apiserver's --authorization-mode spells them.
const (
	ModeAlwaysAllow = "AlwaysAllow"
	ModeAlwaysDeny  = "AlwaysDeny"
	ModeRBAC        = "RBAC"
	ModeABAC        = "ABAC"
	ModeNode        = "Node"
	ModeWebhook     = "Webhook"
)

// ModeChoices are the authorization modes kapi implements, in the order kube-apiserver's --help
// lists them.
var ModeChoices = []string{ModeAlwaysAllow, ModeAlwaysDeny, ModeABAC, ModeWebhook, ModeRBAC, ModeNode}

// Modes are ModeChoices as a set. They are also the authorizer types an AuthorizationConfiguration
// may name.
var Modes = sets.New(ModeChoices...)

// PublicPaths are the endpoints anyone may read without credentials, as kube-apiserver's
// system:public-info-viewer role allows.
var PublicPaths = []string{"/healthz", "/livez", "/readyz", "/version"}

// Config says which authorizers to build: the modes and webhook flags, or ConfigFile.
type Config struct {
	// Modes is the ordered --authorization-mode list; ignored when ConfigFile is set.
	Modes []string
	// PublicPaths are non-resource paths every user, anonymous included, may read.
	PublicPaths []string
	// InformerFactory feeds the RBAC authorizer's role and binding caches and the Node authorizer's
	// graph; RBAC and Node need it.
	InformerFactory informers.SharedInformerFactory
	// PolicyFile is the ABAC policy file, which the ABAC mode or authorizer type reads.
	PolicyFile string
	// Webhook are the --authorization-webhook-* flags of ModeWebhook.
	Webhook WebhookFlags
	// ConfigFile is the AuthorizationConfiguration file of --authorization-config, which replaces
	// Modes and Webhook.
	ConfigFile string
	// APIServerID labels the metrics of ConfigFile's reloads, as kube-apiserver's server ID does.
	APIServerID string
}

// WebhookFlags are the --authorization-webhook-* flags, which describe the one webhook of ModeWebhook.
type WebhookFlags struct {
	// ConfigFile is the webhook's kubeconfig.
	ConfigFile string
	// Version is the authorization.k8s.io version of the SubjectAccessReviews sent: v1 or v1beta1.
	Version string
	// AuthorizedTTL and UnauthorizedTTL are how long allowed and refused answers are cached; zero
	// caches none.
	AuthorizedTTL, UnauthorizedTTL time.Duration
}

// Validate reports what kube-apiserver refuses at start: unknown, repeated or missing modes and files
// given without their mode, or a ConfigFile that does not load or is not a valid configuration.
func (c Config) Validate() []error {
	if c.ConfigFile != "" {
		if _, err := loadFile(c.ConfigFile, authorizationcel.NewDefaultCompiler(), nil); err != nil {
			return []error{err}
		}
		return nil
	}
	var errs []error
	if len(c.Modes) == 0 {
		errs = append(errs, fmt.Errorf("at least one authorization-mode must be passed"))
	}
	seen := sets.New[string]()
	for _, m := range c.Modes {
		if !Modes.Has(m) {
			errs = append(errs, fmt.Errorf("authorization-mode %q is not a valid mode, valid modes are %s", m, strings.Join(sets.List(Modes), ",")))
		}
		if seen.Has(m) {
			errs = append(errs, fmt.Errorf("authorization-mode %q has mode specified more than once", m))
		}
		if m == ModeABAC && c.PolicyFile == "" {
			errs = append(errs, fmt.Errorf("authorization-mode ABAC's authorization policy file not passed"))
		}
		if m == ModeWebhook && c.Webhook.ConfigFile == "" {
			errs = append(errs, fmt.Errorf("authorization-mode Webhook's authorization config file not passed"))
		}
		seen.Insert(m)
	}
	if c.PolicyFile != "" && !seen.Has(ModeABAC) {
		errs = append(errs, fmt.Errorf("cannot specify --authorization-policy-file without mode ABAC"))
	}
	if c.Webhook.ConfigFile != "" && !seen.Has(ModeWebhook) {
		errs = append(errs, fmt.Errorf("cannot specify --authorization-webhook-config-file without mode Webhook"))
	}
	return errs
}

// New returns the authorizer and the rule resolver of the chain: the public paths and the
// system:masters group first, then the configured authorizers in order. With a ConfigFile, the chain
// follows the file's valid changes until ctx ends.
func (c Config) New(ctx context.Context) (authorizer.Authorizer, authorizer.RuleResolver, error) {
	compiler := authorizationcel.NewDefaultCompiler()
	configuration, data, err := c.configuration(compiler)
	if err != nil {
		return nil, nil, err
	}
	b, err := newBuilder(c, configuration, compiler)
	if err != nil {
		return nil, nil, err
	}
	current, err := b.build(configuration)
	if err != nil {
		return nil, nil, err
	}
	r := &reloadable{builder: b, file: c.ConfigFile, serverID: c.APIServerID, lastData: data, lastConfig: configuration}
	r.current.Store(current)
	if c.ConfigFile != "" {
		go r.watch(ctx)
	}
	return r, r, nil
}
