package options

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	kapiauthenticator "github.com/kapi-dev/kapi/pkg/auth/authenticator"
)

// AuthenticationOptions are the authentication flags.
type AuthenticationOptions struct {
	ClientCAFile  string
	TokenAuthFile string
	Anonymous     ExplicitBool
	// ConfigFile is --authentication-config, the structured AuthenticationConfiguration.
	ConfigFile string
	// BootstrapToken is --enable-bootstrap-token-auth.
	BootstrapToken bool
	OIDC           OIDCOptions
	TokenWebhook   TokenWebhookOptions
}

// TokenWebhookOptions are the --authentication-token-webhook-* flags.
type TokenWebhookOptions struct {
	ConfigFile string
	Version    string
	CacheTTL   time.Duration
}

// ExplicitBool is a boolean flag that remembers whether the command line set it, which decides
// whether it conflicts with a configuration file saying the same thing.
type ExplicitBool struct {
	Value   bool
	Changed bool
}

// String is the flag's value.
func (b *ExplicitBool) String() string { return strconv.FormatBool(b.Value) }

// Set parses the flag's value and records that it was given.
func (b *ExplicitBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	b.Value, b.Changed = v, true
	return nil
}

// Type is the flag's type in --help.
func (b *ExplicitBool) Type() string { return "bool" }

// NewAuthenticationOptions returns kube-apiserver's authentication defaults.
func NewAuthenticationOptions() AuthenticationOptions {
	return AuthenticationOptions{
		Anonymous:    ExplicitBool{Value: true},
		OIDC:         NewOIDCOptions(),
		TokenWebhook: TokenWebhookOptions{Version: "v1beta1", CacheTTL: 2 * time.Minute},
	}
}

// AddFlags adds the authentication flags to fs.
func (o *AuthenticationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ClientCAFile, "client-ca-file", o.ClientCAFile, "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate.")
	fs.StringVar(&o.TokenAuthFile, "token-auth-file", o.TokenAuthFile, "If set, the file that will be used to secure the secure port of the API server via token authentication.")
	fs.Var(&o.Anonymous, "anonymous-auth", "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated.")
	// A bare --anonymous-auth means true, as for any boolean flag.
	fs.Lookup("anonymous-auth").NoOptDefVal = "true"
	fs.StringVar(&o.ConfigFile, "authentication-config", o.ConfigFile, "File with Authentication Configuration to configure the JWT Token authenticator or the anonymous authenticator. This flag is mutually exclusive with the --oidc-* flags if the file configures the JWT Token authenticator, and with --anonymous-auth if the file configures the anonymous authenticator.")
	fs.BoolVar(&o.BootstrapToken, "enable-bootstrap-token-auth", o.BootstrapToken, "Enable to allow secrets of type 'bootstrap.kubernetes.io/token' in the 'kube-system' namespace to be used for TLS bootstrapping authentication.")
	o.OIDC.AddFlags(fs)
	fs.StringVar(&o.TokenWebhook.ConfigFile, "authentication-token-webhook-config-file", o.TokenWebhook.ConfigFile, "File with webhook configuration for token authentication in kubeconfig format. The API server will query the remote service to determine authentication for bearer tokens.")
	fs.StringVar(&o.TokenWebhook.Version, "authentication-token-webhook-version", o.TokenWebhook.Version, "The API version of the authentication.k8s.io TokenReview to send to and expect from the webhook.")
	fs.DurationVar(&o.TokenWebhook.CacheTTL, "authentication-token-webhook-cache-ttl", o.TokenWebhook.CacheTTL, "The duration to cache responses from the webhook token authenticator.")
}

// Validate reports conflicting authentication flags and an invalid --authentication-config, with
// kube-apiserver's messages.
func (o *AuthenticationOptions) Validate(serviceAccountIssuers []string) []error {
	var errs []error
	errs = append(errs, o.OIDC.Validate()...)
	if o.ConfigFile != "" {
		config, err := kapiauthenticator.LoadConfiguration(o.ConfigFile)
		if err != nil {
			return append(errs, err)
		}
		if o.OIDC.set() && len(config.JWT) > 0 {
			errs = append(errs, errors.New("authentication-config file and oidc-* flags are mutually exclusive"))
		}
		if err := kapiauthenticator.ValidateConfiguration(config, serviceAccountIssuers); err != nil {
			errs = append(errs, err)
		}
		if config.Anonymous != nil && o.Anonymous.Changed {
			errs = append(errs, errors.New("anonymous-auth flag cannot be set when anonymous field is configured in authentication configuration file"))
		}
	}
	if o.TokenWebhook.ConfigFile != "" {
		switch o.TokenWebhook.Version {
		case "v1", "v1beta1":
		default:
			errs = append(errs, fmt.Errorf("invalid authentication token webhook version: %q. Valid versions: %q, %q", o.TokenWebhook.Version, "v1", "v1beta1"))
		}
	}
	return errs
}
