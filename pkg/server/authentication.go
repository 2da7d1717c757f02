package server

import (
	"fmt"
	"os"
	"slices"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	kapiauthenticator "github.com/kapi-dev/kapi/pkg/auth/authenticator"
	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/server/options"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

// applyAuthentication trusts client certificates signed by kapi's CA or by --client-ca-file, the
// --token-auth-file tokens and service-account tokens.
func applyAuthentication(c *genericapiserver.Config, o options.CompletedOptions, loopback kubernetes.Interface, sa *serviceAccountConfig) error {
	// sa.RootCA is kapi's CA; the clone keeps the --client-ca-file append off it.
	caPEM := slices.Clone(sa.RootCA)
	if o.Authentication.ClientCAFile != "" {
		extra, err := os.ReadFile(o.Authentication.ClientCAFile)
		if err != nil {
			return fmt.Errorf("--client-ca-file: %w", err)
		}
		caPEM = append(append(caPEM, '\n'), extra...)
	}
	clientCA, err := dynamiccertificates.NewStaticCAContent("client-ca", caPEM)
	if err != nil {
		return err
	}
	if err := c.Authentication.ApplyClientCert(clientCA, c.SecureServing); err != nil {
		return err
	}
	// Service-account tokens name objects the authenticator reads back through the server itself.
	objects := serviceaccount.ClientGetter{Client: loopback}
	saTokens, err := serviceaccount.NewAuthenticator(sa.Issuers, sa.PublicKeys, sa.APIAudiences, objects, objects)
	if err != nil {
		return err
	}
	c.Authentication.APIAudiences = sa.APIAudiences
	authn, err := kapiauthenticator.Config{
		ClientCA:             clientCA,
		TokenAuthFile:        o.Authentication.TokenAuthFile,
		ServiceAccountTokens: saTokens,
		APIAudiences:         sa.APIAudiences,
		Anonymous:            anonymousAllowed(o),
	}.New()
	if err != nil {
		return err
	}
	c.Authentication.Authenticator = authn
	return nil
}

// anonymousAllowed reports whether requests without credentials are let in as system:anonymous:
// --anonymous-auth, except with the AlwaysAllow authorizer, which kube-apiserver refuses to open to
// anonymous users.
func anonymousAllowed(o options.CompletedOptions) bool {
	if o.Authentication.Anonymous && slices.Contains(o.Authorization.Modes, kapiauthorizer.ModeAlwaysAllow) {
		klog.InfoS("AnonymousAuth is not allowed with the AlwaysAllow authorizer. Resetting AnonymousAuth to false. You should use a different authorizer")
		return false
	}
	return o.Authentication.Anonymous
}
