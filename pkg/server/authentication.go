package server

import (
	"fmt"
	"os"
	"slices"

	"k8s.io/apimachinery/pkg/util/wait"
	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/authenticatorfactory"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	kapiauthenticator "github.com/kapi-dev/kapi/pkg/auth/authenticator"
	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/auth/bootstraptoken"
	"github.com/kapi-dev/kapi/pkg/controller/clusterauthenticationtrust"
	"github.com/kapi-dev/kapi/pkg/server/options"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

// applyAuthentication trusts client certificates signed by kapi's CA or by --client-ca-file, the
// --token-auth-file tokens, the front proxy's request headers, service-account tokens, the JWT issuers of --authentication-config or
// --oidc-*, and the token webhook.
func applyAuthentication(c *genericapiserver.Config, o options.CompletedOptions, loopback kubernetes.Interface, sa *serviceAccountConfig) (clusterauthenticationtrust.Trust, error) {
	caPEM, err := clientCABundle(o, sa)
	if err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	clientCA, err := dynamiccertificates.NewStaticCAContent("client-ca", caPEM)
	if err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	if err := c.Authentication.ApplyClientCert(clientCA, c.SecureServing); err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	requestHeader, err := o.Aggregator.RequestHeader.ToAuthenticationRequestHeaderConfig()
	if err != nil {
		return clusterauthenticationtrust.Trust{}, fmt.Errorf("--requestheader-client-ca-file: %w", err)
	}
	if requestHeader != nil {
		// The front proxy's certificate is verified in the TLS handshake, as any client's.
		if err := c.Authentication.ApplyClientCert(requestHeader.CAContentProvider, c.SecureServing); err != nil {
			return clusterauthenticationtrust.Trust{}, err
		}
		// The server strips the identity headers once they have been read.
		c.Authentication.RequestHeaderConfig = requestHeader
	}
	// Service-account tokens name objects the authenticator reads back through the server itself.
	objects := serviceaccount.ClientGetter{Client: loopback}
	saTokens, err := serviceaccount.NewAuthenticator(sa.Issuers, sa.PublicKeys, sa.APIAudiences, objects, objects)
	if err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	saTokens.LegacyLookup = o.ServiceAccounts.Lookup
	c.Authentication.APIAudiences = sa.APIAudiences
	config := kapiauthenticator.Config{
		RequestHeader:         requestHeader,
		ClientCA:              clientCA,
		TokenAuthFile:         o.Authentication.TokenAuthFile,
		ServiceAccountTokens:  saTokens,
		APIAudiences:          sa.APIAudiences,
		SigningAlgs:           o.Authentication.OIDC.SigningAlgs,
		ServiceAccountIssuers: o.ServiceAccounts.Issuers,
		Anonymous:             anonymousAllowed(o),
	}
	if o.Authentication.BootstrapToken {
		config.BootstrapTokens = bootstraptoken.NewAuthenticator(objects)
	}
	if err := applyStructuredAuthentication(&config, o.Authentication); err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	if w := o.Authentication.TokenWebhook; w.ConfigFile != "" {
		config.TokenWebhook = &kapiauthenticator.TokenWebhook{ConfigFile: w.ConfigFile, Version: w.Version, CacheTTL: w.CacheTTL}
	}
	// The JWT authenticators refresh their issuers' keys until the server has drained its requests.
	authn, err := config.New(wait.ContextForChannel(c.DrainedNotify()))
	if err != nil {
		return clusterauthenticationtrust.Trust{}, err
	}
	c.Authentication.Authenticator = authn
	return clusterAuthenticationTrust(o, caPEM, requestHeader), nil
}

// applyStructuredAuthentication sets the JWT authenticators and anonymous access of
// --authentication-config on config, or the one issuer of the --oidc-* flags.
func applyStructuredAuthentication(config *kapiauthenticator.Config, o options.AuthenticationOptions) error {
	if o.ConfigFile == "" {
		jwt, ok, err := o.OIDC.JWTAuthenticator()
		if ok {
			config.JWT = []apiserverapi.JWTAuthenticator{jwt}
		}
		return err
	}
	structured, err := kapiauthenticator.LoadConfiguration(o.ConfigFile)
	if err != nil {
		return err
	}
	config.JWT = structured.JWT
	if structured.Anonymous != nil {
		config.Anonymous = structured.Anonymous.Enabled
		config.AnonymousPaths = structured.Anonymous.Conditions
	}
	return nil
}

// clientCABundle is kapi's CA and those of --client-ca-file, which client certificates may be
// signed by.
func clientCABundle(o options.CompletedOptions, sa *serviceAccountConfig) ([]byte, error) {
	// sa.RootCA is kapi's CA; the clone keeps the --client-ca-file append off it.
	caPEM := slices.Clone(sa.RootCA)
	if o.Authentication.ClientCAFile != "" {
		extra, err := os.ReadFile(o.Authentication.ClientCAFile)
		if err != nil {
			return nil, fmt.Errorf("--client-ca-file: %w", err)
		}
		caPEM = append(append(caPEM, '\n'), extra...)
	}
	return caPEM, nil
}

// clusterAuthenticationTrust is what extension API servers are told to trust: the client CAs and
// the front proxy.
func clusterAuthenticationTrust(o options.CompletedOptions, clientCA []byte, requestHeader *authenticatorfactory.RequestHeaderConfig) clusterauthenticationtrust.Trust {
	trust := clusterauthenticationtrust.Trust{ClientCA: clientCA}
	if requestHeader == nil {
		return trust
	}
	rh := o.Aggregator.RequestHeader
	trust.RequestHeaderCA = requestHeader.CAContentProvider.CurrentCABundleContent()
	trust.RequestHeaderAllowedNames = rh.AllowedNames
	trust.UsernameHeaders = rh.UsernameHeaders
	trust.UIDHeaders = rh.UIDHeaders
	trust.GroupHeaders = rh.GroupHeaders
	trust.ExtraHeaderPrefixes = rh.ExtraHeaderPrefixes
	return trust
}

// anonymousAllowed reports whether requests without credentials are let in as system:anonymous:
// --anonymous-auth, except with the AlwaysAllow authorizer, which kube-apiserver refuses to open to
// anonymous users.
func anonymousAllowed(o options.CompletedOptions) bool {
	if o.Authentication.Anonymous.Value && slices.Contains(o.Authorization.Modes, kapiauthorizer.ModeAlwaysAllow) {
		klog.InfoS("AnonymousAuth is not allowed with the AlwaysAllow authorizer. Resetting AnonymousAuth to false. You should use a different authorizer")
		return false
	}
	return o.Authentication.Anonymous.Value
}
