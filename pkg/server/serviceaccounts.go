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

// serviceAccountConfig is what the authenticator, the token subresource and the discovery endpoints
// need, built from the flags and the keys they name.
type serviceAccountConfig struct {
	Issuers      []string
	PublicKeys   []crypto.PublicKey
	APIAudiences authenticator.Audiences
	JWKSURI      string
	Token        sastorage.TokenConfig
	// LegacyTokens signs the tokens of kubernetes.io/service-account-token Secrets.
	LegacyTokens *serviceaccount.LegacyGenerator
	// RootCA is what token Secrets get as ca.crt: kapi's CA, which signs its serving certificate.
	RootCA []byte
}

// newServiceAccountConfig loads the keys: the signing key of the flag or else kapi's generated one, and the
// verification keys of the flag or else the signing key's public half.
func newServiceAccountConfig(o options.ServiceAccountOptions, files pki.Files) (*serviceAccountConfig, error) {
	issuers := o.Issuers
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
		return nil, fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("--service-account-signing-key-file: %T is not a signing key", key)
	}
	generator, err := serviceaccount.NewGenerator(issuers[0], signer)
	if err != nil {
		return nil, fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	legacyTokens, err := serviceaccount.NewLegacyGenerator(signer)
	if err != nil {
		return nil, fmt.Errorf("--service-account-signing-key-file: %w", err)
	}
	rootCA, err := os.ReadFile(files.CACert)
	if err != nil {
		return nil, err
	}
	var publicKeys []crypto.PublicKey
	for _, f := range keyFiles {
		keys, err := keyutil.PublicKeysFromFile(f)
		if err != nil {
			return nil, fmt.Errorf("--service-account-key-file: %w", err)
		}
		for _, k := range keys {
			publicKeys = append(publicKeys, k)
		}
	}
	audiences := o.APIAudiences
	if len(audiences) == 0 {
		audiences = []string{issuers[0]}
	}
	maxExpiration := int64(o.MaxExpiration / time.Second)
	if o.ExtendExpiration && maxExpiration != 0 && maxExpiration < serviceaccount.WarnOnlyBoundTokenExpirationSeconds {
		klog.InfoS("service-account-extend-token-expiration is true, in order to correctly trigger safe transition logic, service-account-max-token-expiration must be set longer than the extension threshold", "thresholdSeconds", serviceaccount.WarnOnlyBoundTokenExpirationSeconds, "maxExpiration", o.MaxExpiration)
	}
	return &serviceAccountConfig{
		Issuers:      issuers,
		PublicKeys:   publicKeys,
		APIAudiences: audiences,
		JWKSURI:      o.JWKSURI,
		LegacyTokens: legacyTokens,
		RootCA:       rootCA,
		Token: sastorage.TokenConfig{
			Generator:            generator,
			APIAudiences:         audiences,
			MaxExpirationSeconds: maxExpiration,
			ExtendExpiration:     o.ExtendExpiration,
		},
	}, nil
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
