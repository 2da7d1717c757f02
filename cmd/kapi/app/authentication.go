package app

import (
	"fmt"
	"os"
	"slices"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	kapiauthenticator "github.com/kapi-dev/kapi/pkg/auth/authenticator"
	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

// AuthenticationOptions are the authentication flags.
type AuthenticationOptions struct {
	ClientCAFile  string
	TokenAuthFile string
	Anonymous     bool
}

// NewAuthenticationOptions returns kube-apiserver's authentication defaults.
func NewAuthenticationOptions() AuthenticationOptions {
	return AuthenticationOptions{Anonymous: true}
}

// AddFlags adds the authentication flags to fs.
func (o *AuthenticationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ClientCAFile, "client-ca-file", o.ClientCAFile, "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate.")
	fs.StringVar(&o.TokenAuthFile, "token-auth-file", o.TokenAuthFile, "If set, the file that will be used to secure the secure port of the API server via token authentication.")
	fs.BoolVar(&o.Anonymous, "anonymous-auth", o.Anonymous, "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated.")
}

// applyAuthentication trusts client certificates signed by kapi's CA or by --client-ca-file, the
// --token-auth-file tokens and service-account tokens.
func (o *Options) applyAuthentication(c *genericapiserver.Config, loopback kubernetes.Interface, sa *serviceAccountConfig) error {
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
		Anonymous:            o.anonymousAllowed(),
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
func (o *Options) anonymousAllowed() bool {
	if o.Authentication.Anonymous && slices.Contains(o.Authorization.Modes, kapiauthorizer.ModeAlwaysAllow) {
		klog.InfoS("AnonymousAuth is not allowed with the AlwaysAllow authorizer. Resetting AnonymousAuth to false. You should use a different authorizer")
		return false
	}
	return o.Authentication.Anonymous
}
