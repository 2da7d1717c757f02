// Package authenticator assembles kapi's request authenticator from x509 client certificates, bearer
// tokens (static and service-account) and anonymous access, as kube-apiserver assembles its own.
package authenticator

import (
	"fmt"

	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/group"
	"k8s.io/apiserver/pkg/authentication/request/anonymous"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/request/union"
	"k8s.io/apiserver/pkg/authentication/request/websocket"
	"k8s.io/apiserver/pkg/authentication/request/x509"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	tokenunion "k8s.io/apiserver/pkg/authentication/token/union"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
)

// Config says which authenticators to build.
type Config struct {
	// ClientCA verifies x509 client certificates; nil disables them.
	ClientCA dynamiccertificates.CAContentProvider
	// TokenAuthFile is a kube-apiserver static token CSV file; empty disables it.
	TokenAuthFile string
	// ServiceAccountTokens authenticates service-account JWTs; nil disables them.
	ServiceAccountTokens authenticator.Token
	// APIAudiences are the audiences of the API; audience-agnostic credentials (static tokens) are
	// taken to be meant for them.
	APIAudiences authenticator.Audiences
	// Anonymous authenticates requests that carry no credentials as system:anonymous, on every path;
	// the authorizer decides what they may do. Requests with bad credentials are refused regardless.
	Anonymous bool
}

// New returns the authenticators tried in kube-apiserver's order, every authenticated user also
// being in system:authenticated, and anonymous access last, only for requests without credentials.
func (c Config) New() (authenticator.Request, error) {
	var authenticators []authenticator.Request
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
	if len(tokens) > 0 {
		token := tokenunion.New(tokens...)
		authenticators = append(authenticators, bearertoken.New(token), websocket.NewProtocolAuthenticator(token))
	}
	authn := group.NewAuthenticatedGroupAdder(union.New(authenticators...))
	if c.Anonymous {
		// A request whose credentials fail is an error, never an anonymous request.
		authn = union.NewFailOnError(authn, anonymous.NewAuthenticator(nil))
	}
	return authn, nil
}
