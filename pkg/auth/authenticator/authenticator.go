// Package authenticator assembles kapi's request authenticator from x509 client certificates, static
// bearer tokens and anonymous access to the public health and version endpoints.
package authenticator

import (
	"fmt"

	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/group"
	"k8s.io/apiserver/pkg/authentication/request/anonymous"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/request/union"
	"k8s.io/apiserver/pkg/authentication/request/x509"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
)

// PublicPaths are the endpoints anyone may read without credentials, as kube-apiserver's
// system:public-info-viewer role allows.
var PublicPaths = []string{"/healthz", "/livez", "/readyz", "/version"}

// Config says which authenticators to build.
type Config struct {
	// ClientCA verifies x509 client certificates; nil disables them.
	ClientCA dynamiccertificates.CAContentProvider
	// TokenAuthFile is a kube-apiserver static token CSV file; empty disables it.
	TokenAuthFile string
	// Anonymous lets requests without credentials to PublicPaths through as system:anonymous.
	Anonymous bool
}

// New returns the union of the configured authenticators, tried in the order kube-apiserver tries them.
func (c Config) New() (authenticator.Request, error) {
	var authenticators []authenticator.Request
	if c.ClientCA != nil {
		authenticators = append(authenticators, x509.NewDynamic(c.ClientCA.VerifyOptions, x509.CommonNameUserConversion))
	}
	if c.TokenAuthFile != "" {
		tokens, err := tokenfile.NewCSV(c.TokenAuthFile)
		if err != nil {
			return nil, fmt.Errorf("--token-auth-file: %w", err)
		}
		authenticators = append(authenticators, bearertoken.New(tokens))
	}
	// Every identified user is in system:authenticated, which the bootstrap RBAC policy binds discovery
	// and the self-review APIs to; anonymous requests are not.
	authenticated := group.NewAuthenticatedGroupAdder(union.New(authenticators...))
	if !c.Anonymous {
		return authenticated, nil
	}
	conditions := make([]apiserverapi.AnonymousAuthCondition, 0, len(PublicPaths))
	for _, p := range PublicPaths {
		conditions = append(conditions, apiserverapi.AnonymousAuthCondition{Path: p})
	}
	return union.New(authenticated, anonymous.NewAuthenticator(conditions)), nil
}
