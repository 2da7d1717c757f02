// Package authenticator assembles kapi's request authenticator from x509 client certificates, bearer
// tokens (static, service-account, bootstrap, JWT and webhook) and anonymous access, as
// kube-apiserver assembles its own.
package authenticator

import (
	"context"
	"fmt"
	"time"

	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/authenticatorfactory"
	"k8s.io/apiserver/pkg/authentication/group"
	"k8s.io/apiserver/pkg/authentication/request/anonymous"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/request/headerrequest"
	"k8s.io/apiserver/pkg/authentication/request/union"
	"k8s.io/apiserver/pkg/authentication/request/websocket"
	"k8s.io/apiserver/pkg/authentication/request/x509"
	tokencache "k8s.io/apiserver/pkg/authentication/token/cache"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	tokenunion "k8s.io/apiserver/pkg/authentication/token/union"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	webhookutil "k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/apiserver/plugin/pkg/authenticator/token/oidc"
	tokenwebhook "k8s.io/apiserver/plugin/pkg/authenticator/token/webhook"
)

// Config says which authenticators to build.
type Config struct {
	// RequestHeader trusts the identity a front proxy, such as an aggregating API server, names in
	// request headers, when it presents a client certificate of the configured CA and names; nil
	// disables it.
	RequestHeader *authenticatorfactory.RequestHeaderConfig
	// ClientCA verifies x509 client certificates; nil disables them.
	ClientCA dynamiccertificates.CAContentProvider
	// TokenAuthFile is a kube-apiserver static token CSV file; empty disables it.
	TokenAuthFile string
	// ServiceAccountTokens authenticates service-account JWTs; nil disables them.
	ServiceAccountTokens authenticator.Token
	// APIAudiences are the audiences of the API; audience-agnostic credentials (static tokens) are
	// taken to be meant for them.
	APIAudiences authenticator.Audiences
	// BootstrapTokens authenticates bootstrap tokens (--enable-bootstrap-token-auth); nil disables them.
	BootstrapTokens authenticator.Token
	// JWT are the JWT authenticators of --authentication-config or the --oidc-* flags.
	JWT []apiserverapi.JWTAuthenticator
	// SigningAlgs are the JOSE algorithms a JWT authenticator accepts (--oidc-signing-algs).
	SigningAlgs []string
	// ServiceAccountIssuers may not be JWT issuers.
	ServiceAccountIssuers []string
	// TokenWebhook asks a remote service about the bearer tokens nothing else knows; nil disables it.
	TokenWebhook *TokenWebhook
	// Anonymous authenticates requests that carry no credentials as system:anonymous, on
	// AnonymousPaths (every path when empty); the authorizer decides what they may do. Requests
	// with bad credentials are refused regardless.
	Anonymous      bool
	AnonymousPaths []apiserverapi.AnonymousAuthCondition
}

// TokenWebhook is a token authentication webhook: a kubeconfig naming the service, the TokenReview
// version it speaks, and how long its answers are cached.
type TokenWebhook struct {
	ConfigFile string
	Version    string
	CacheTTL   time.Duration
}

// New returns the authenticators tried in kube-apiserver's order, every authenticated user also
// being in system:authenticated, and anonymous access last, only for requests without credentials.
// The JWT authenticators fetch their issuers' keys until lifecycle ends.
func (c Config) New(lifecycle context.Context) (authenticator.Request, error) {
	var authenticators []authenticator.Request
	if rh := c.RequestHeader; rh != nil {
		authenticators = append(authenticators, headerrequest.NewDynamicVerifyOptionsSecure(rh.CAContentProvider.VerifyOptions,
			rh.AllowedClientNames, rh.UsernameHeaders, rh.UIDHeaders, rh.GroupHeaders, rh.ExtraHeaderPrefixes))
	}
	if c.ClientCA != nil {
		authenticators = append(authenticators, x509.NewDynamic(c.ClientCA.VerifyOptions, x509.CommonNameUserConversion))
	}
	var tokens []authenticator.Token
	if c.TokenAuthFile != "" {
		static, err := tokenfile.NewCSV(c.TokenAuthFile)
		if err != nil {
			return nil, fmt.Errorf("--token-auth-file: %w", err)
		}
		tokens = append(tokens, authenticator.WrapAudienceAgnosticToken(c.APIAudiences, static))
	}
	if c.ServiceAccountTokens != nil {
		tokens = append(tokens, c.ServiceAccountTokens)
	}
	if c.BootstrapTokens != nil {
		tokens = append(tokens, authenticator.WrapAudienceAgnosticToken(c.APIAudiences, c.BootstrapTokens))
	}
	for _, jwt := range c.JWT {
		token, err := c.newJWT(lifecycle, jwt)
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, token)
	}
	if c.TokenWebhook != nil {
		token, err := c.newTokenWebhook()
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, token)
	}
	if len(tokens) > 0 {
		token := tokenunion.New(tokens...)
		authenticators = append(authenticators, bearertoken.New(token), websocket.NewProtocolAuthenticator(token))
	}
	authn := group.NewAuthenticatedGroupAdder(union.New(authenticators...))
	if c.Anonymous {
		// A request whose credentials fail is an error, never an anonymous request.
		authn = union.NewFailOnError(authn, anonymous.NewAuthenticator(c.AnonymousPaths))
	}
	return authn, nil
}

// newJWT returns the authenticator of one JWT issuer, which trusts the issuer's own CA if it names
// one and fetches its keys in the background.
func (c Config) newJWT(lifecycle context.Context, jwt apiserverapi.JWTAuthenticator) (authenticator.Token, error) {
	var ca oidc.CAContentProvider
	if jwt.Issuer.CertificateAuthority != "" {
		content, err := dynamiccertificates.NewStaticCAContent("oidc-authenticator", []byte(jwt.Issuer.CertificateAuthority))
		if err != nil {
			return nil, fmt.Errorf("JWT issuer %s: %w", jwt.Issuer.URL, err)
		}
		ca = content
	}
	token, err := oidc.New(lifecycle, oidc.Options{
		JWTAuthenticator:     jwt,
		CAContentProvider:    ca,
		SupportedSigningAlgs: c.SigningAlgs,
		DisallowedIssuers:    c.ServiceAccountIssuers,
	})
	if err != nil {
		return nil, fmt.Errorf("JWT issuer %s: %w", jwt.Issuer.URL, err)
	}
	return token, nil
}

// newTokenWebhook returns the token webhook, its answers, errors included, cached for CacheTTL.
func (c Config) newTokenWebhook() (authenticator.Token, error) {
	w := c.TokenWebhook
	config, err := webhookutil.LoadKubeconfig(w.ConfigFile, nil)
	if err != nil {
		return nil, fmt.Errorf("--authentication-token-webhook-config-file: %w", err)
	}
	token, err := tokenwebhook.New(config, w.Version, c.APIAudiences, *genericoptions.DefaultAuthWebhookRetryBackoff())
	if err != nil {
		return nil, fmt.Errorf("--authentication-token-webhook-config-file: %w", err)
	}
	return tokencache.New(token, false, w.CacheTTL, w.CacheTTL), nil
}
