package server

import (
	"crypto"
	"fmt"
	"net"
	"os"
	"time"

	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/client-go/util/keyutil"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/pki"
	sastorage "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
	"github.com/kapi-dev/kapi/pkg/server/options"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

// minSignerTokenSeconds is the least an external signer's longest token lifetime may be: a
// TokenRequest may ask for as little as ten minutes, which the signer must be able to sign.
const minSignerTokenSeconds = 10 * 60

// serviceAccountConfig is what the authenticator, the token subresource and the discovery endpoints
// need, built from the flags and the keys they name.
type serviceAccountConfig struct {
	Issuers []string
	// PublicKeys verify tokens and are published in the discovery key set.
	PublicKeys   serviceaccount.PublicKeysGetter
	APIAudiences authenticator.Audiences
	JWKSURI      string
	Token        sastorage.TokenConfig
	// LegacyTokens signs the tokens of kubernetes.io/service-account-token Secrets.
	LegacyTokens *serviceaccount.LegacyGenerator
	// RootCA is what token Secrets get as ca.crt: kapi's CA, which signs its serving certificate.
	RootCA []byte
}

// newServiceAccountConfig sets up token signing and verification: through the external signer of
// --service-account-signing-endpoint, or with the keys of the flags or else kapi's generated ones.
func newServiceAccountConfig(o options.ServiceAccountOptions, files pki.Files) (*serviceAccountConfig, error) {
	rootCA, err := os.ReadFile(files.CACert)
	if err != nil {
		return nil, err
	}
	audiences := o.APIAudiences
	if len(audiences) == 0 {
		audiences = []string{o.Issuers[0]}
	}
	c := &serviceAccountConfig{
		Issuers:      o.Issuers,
		APIAudiences: audiences,
		JWKSURI:      o.JWKSURI,
		RootCA:       rootCA,
		Token: sastorage.TokenConfig{
			APIAudiences:                 audiences,
			MaxExpirationSeconds:         int64(o.MaxExpiration / time.Second),
			ExtendExpiration:             o.ExtendExpiration,
			MaxExtendedExpirationSeconds: serviceaccount.ExpirationExtensionSeconds,
		},
	}
	if o.SigningEndpoint != "" {
		if err := c.signExternally(o); err != nil {
			return nil, fmt.Errorf("--service-account-signing-endpoint: while setting up external-jwt-signer: %w", err)
		}
	} else if err := c.signWithKeys(o, files); err != nil {
		return nil, err
	}
	c.warnAboutExtension(o.SigningEndpoint != "")
	return c, nil
}

// signWithKeys signs with the key of --service-account-signing-key-file, or else kapi's generated
// one, and verifies with the keys of --service-account-key-file, or else the signing key's public half.
func (c *serviceAccountConfig) signWithKeys(o options.ServiceAccountOptions, files pki.Files) error {
	signingKeyFile, keyFiles := o.SigningKeyFile, o.KeyFiles
	if signingKeyFile == "" {
		signingKeyFile = files.ServiceAccountKey
		if len(keyFiles) == 0 {
			keyFiles = []string{files.ServiceAccountPub}
		}
	}
	if len(keyFiles) == 0 {
		keyFiles = []string{signingKeyFile}
	}
	key, err := keyutil.PrivateKeyFromFile(signingKeyFile)
	if err != nil {
		return fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return fmt.Errorf("--service-account-signing-key-file: %T is not a signing key", key)
	}
	if c.Token.Generator, err = serviceaccount.NewGenerator(c.Issuers[0], signer); err != nil {
		return fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	if c.LegacyTokens, err = serviceaccount.NewLegacyGenerator(signer); err != nil {
		return fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	var publicKeys []crypto.PublicKey
	for _, f := range keyFiles {
		keys, err := keyutil.PublicKeysFromFile(f)
		if err != nil {
			return fmt.Errorf("--service-account-key-file: %w", err)
		}
		for _, k := range keys {
			publicKeys = append(publicKeys, k)
		}
	}
	if c.PublicKeys, err = serviceaccount.NewStaticPublicKeys(publicKeys); err != nil {
		return fmt.Errorf("--service-account-key-file: %w", err)
	}
	return nil
}

// signExternally has the external signer sign every token, Secret-based ones included, since only
// its keys verify tokens. Its longest token lifetime is the default and the upper bound of
// --service-account-max-token-expiration, and caps the extended lifetime of pod tokens.
func (c *serviceAccountConfig) signExternally(o options.ServiceAccountOptions) error {
	signer, err := serviceaccount.StartExternalSigner(o.SigningEndpoint)
	if err != nil {
		return err
	}
	signerMax, err := signer.MaxTokenExpirationSeconds()
	if err != nil {
		signer.Close()
		return err
	}
	flagMax := c.Token.MaxExpirationSeconds
	switch {
	case signerMax < minSignerTokenSeconds:
		err = fmt.Errorf("max token life supported by external-jwt-signer (%ds) is less than acceptable (min %ds)", signerMax, minSignerTokenSeconds)
	case flagMax > signerMax:
		err = fmt.Errorf("service-account-max-token-expiration cannot be set longer than the token expiration supported by service-account-signing-endpoint: %s > %s", o.MaxExpiration, time.Duration(signerMax)*time.Second)
	}
	if err != nil {
		signer.Close()
		return err
	}
	if flagMax == 0 {
		c.Token.MaxExpirationSeconds = signerMax
	}
	c.Token.MaxExtendedExpirationSeconds = min(signerMax, c.Token.MaxExtendedExpirationSeconds)
	c.Token.Generator = serviceaccount.NewExternalGenerator(c.Issuers[0], signer)
	c.Token.Release = signer.Close
	c.LegacyTokens = serviceaccount.NewExternalLegacyGenerator(signer)
	c.PublicKeys = signer.PublicKeys()
	return nil
}

// warnAboutExtension warns, as kube-apiserver does, when the maximum token lifetime defeats the
// extension of the tokens the kubelet asks for, or is shorter than the extended lifetime.
func (c *serviceAccountConfig) warnAboutExtension(external bool) {
	if !c.Token.ExtendExpiration || c.Token.MaxExpirationSeconds == 0 {
		return
	}
	limit := time.Duration(c.Token.MaxExpirationSeconds) * time.Second
	transition := "service-account-extend-token-expiration is true, in order to correctly trigger safe transition logic, service-account-max-token-expiration must be set longer than %d seconds (currently %s)"
	extension := "service-account-extend-token-expiration is true, enabling tokens valid up to %d seconds, which is longer than service-account-max-token-expiration set to %s"
	if external {
		transition = "service-account-extend-token-expiration is true, in order to correctly trigger safe transition logic, token lifetime supported by external-jwt-signer must be longer than %d seconds (currently %s)"
		extension = "service-account-extend-token-expiration is true, tokens validity will be caped at the smaller of %d seconds and maximum token lifetime supported by external-jwt-signer (%s)"
	}
	if c.Token.MaxExpirationSeconds < serviceaccount.WarnOnlyBoundTokenExpirationSeconds {
		klog.Warningf(transition, serviceaccount.WarnOnlyBoundTokenExpirationSeconds, limit)
	}
	if c.Token.MaxExpirationSeconds < serviceaccount.ExpirationExtensionSeconds {
		klog.Warningf(extension, serviceaccount.ExpirationExtensionSeconds, limit)
	}
}

// installOpenIDMetadata serves the issuer's discovery documents when the issuer is an https URL, as
// kube-apiserver does; otherwise it only logs why they are not served.
func (c *serviceAccountConfig) installOpenIDMetadata(mux serviceaccount.Mux, externalAddress string) {
	// Without --advertise-address the external address has no host; the key set is then published
	// where the admin kubeconfig points, on loopback.
	if host, port, err := net.SplitHostPort(externalAddress); err == nil && host == "" {
		externalAddress = net.JoinHostPort("127.0.0.1", port)
	}
	md, err := serviceaccount.NewOpenIDMetadata(c.Issuers[0], c.JWKSURI, externalAddress, c.PublicKeys)
	if err != nil {
		klog.ErrorS(err, "Could not construct pre-rendered responses for ServiceAccountIssuerDiscovery endpoints. Endpoints will not be enabled.")
		return
	}
	md.Install(mux)
}
