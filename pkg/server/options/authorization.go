package options

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
)

// The authorization flags that --authorization-config excludes, and the flag itself.
const (
	authorizationModeFlag                   = "authorization-mode"
	authorizationWebhookConfigFileFlag      = "authorization-webhook-config-file"
	authorizationWebhookVersionFlag         = "authorization-webhook-version"
	authorizationWebhookAuthorizedTTLFlag   = "authorization-webhook-cache-authorized-ttl"
	authorizationWebhookUnauthorizedTTLFlag = "authorization-webhook-cache-unauthorized-ttl"
	authorizationConfigFlag                 = "authorization-config"
)

// AuthorizationOptions are the authorization flags.
type AuthorizationOptions struct {
	Modes      []string
	PolicyFile string
	// Webhook are the --authorization-webhook-* flags.
	Webhook kapiauthorizer.WebhookFlags
	// ConfigFile is --authorization-config, the AuthorizationConfiguration file.
	ConfigFile string

	// modeOrWebhookFlagsSet reports whether the command line set --authorization-mode or an
	// --authorization-webhook-* flag, which --authorization-config excludes even when set to their
	// defaults.
	modeOrWebhookFlagsSet func() bool
}

// NewAuthorizationOptions returns kapi's default mode, RBAC, and kube-apiserver's webhook defaults.
func NewAuthorizationOptions() AuthorizationOptions {
	return AuthorizationOptions{
		Modes: []string{kapiauthorizer.ModeRBAC},
		Webhook: kapiauthorizer.WebhookFlags{
			Version:         "v1beta1",
			AuthorizedTTL:   5 * time.Minute,
			UnauthorizedTTL: 30 * time.Second,
		},
	}
}

// AddFlags adds the authorization flags to fs, with kube-apiserver's help.
func (o *AuthorizationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Modes, authorizationModeFlag, o.Modes, "Ordered list of plug-ins to do authorization on secure port. Defaults to RBAC if --authorization-config is not used. Comma-delimited list of: "+strings.Join(kapiauthorizer.ModeChoices, ",")+".")
	fs.StringVar(&o.PolicyFile, "authorization-policy-file", o.PolicyFile, "File with authorization policy in json line by line format, used with --authorization-mode=ABAC, on the secure port.")
	fs.StringVar(&o.Webhook.ConfigFile, authorizationWebhookConfigFileFlag, o.Webhook.ConfigFile, "File with webhook configuration in kubeconfig format, used with --authorization-mode=Webhook. The API server will query the remote service to determine access on the API server's secure port.")
	fs.StringVar(&o.Webhook.Version, authorizationWebhookVersionFlag, o.Webhook.Version, "The API version of the authorization.k8s.io SubjectAccessReview to send to and expect from the webhook.")
	fs.DurationVar(&o.Webhook.AuthorizedTTL, authorizationWebhookAuthorizedTTLFlag, o.Webhook.AuthorizedTTL, "The duration to cache 'authorized' responses from the webhook authorizer.")
	fs.DurationVar(&o.Webhook.UnauthorizedTTL, authorizationWebhookUnauthorizedTTLFlag, o.Webhook.UnauthorizedTTL, "The duration to cache 'unauthorized' responses from the webhook authorizer.")
	fs.StringVar(&o.ConfigFile, authorizationConfigFlag, o.ConfigFile, "File with Authorization Configuration to configure the authorizer chain. Requires feature gate StructuredAuthorizationConfiguration. This flag is mutually exclusive with the other --authorization-mode and --authorization-webhook-* flags.")

	// The options' flags may be added to several flag sets, of which any one parses the command line.
	earlier := o.modeOrWebhookFlagsSet
	o.modeOrWebhookFlagsSet = func() bool {
		if earlier != nil && earlier() {
			return true
		}
		for _, name := range []string{authorizationModeFlag, authorizationWebhookConfigFileFlag, authorizationWebhookVersionFlag, authorizationWebhookAuthorizedTTLFlag, authorizationWebhookUnauthorizedTTLFlag} {
			if fs.Changed(name) {
				return true
			}
		}
		return false
	}
}

// Validate reports what kube-apiserver refuses: --authorization-config with the flags it replaces,
// a configuration file that does not load or is invalid, or, without it, invalid modes and their files.
func (o *AuthorizationOptions) Validate() []error {
	if o.ConfigFile != "" && o.modeOrWebhookFlagsSet != nil && o.modeOrWebhookFlagsSet() {
		return []error{fmt.Errorf("--%s can not be specified when --%s or --authorization-webhook-* flags are defined", authorizationConfigFlag, authorizationModeFlag)}
	}
	return o.Authorizer().Validate()
}

// Authorizer is the authorizer configuration of the flags, without what the server provides: the
// public paths, the informers and the server's ID.
func (o *AuthorizationOptions) Authorizer() kapiauthorizer.Config {
	return kapiauthorizer.Config{Modes: o.Modes, PolicyFile: o.PolicyFile, Webhook: o.Webhook, ConfigFile: o.ConfigFile}
}
