package app

import (
	"crypto"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/client-go/util/keyutil"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/pki"
	sastorage "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

// defaultServiceAccountIssuer is the issuer when --service-account-issuer is not given: the in-cluster
// name of the API server, as kubeadm configures it.
const defaultServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local"

// ServiceAccountOptions are the service-account token flags, with kube-apiserver's names.
type ServiceAccountOptions struct {
	SigningKeyFile   string
	KeyFiles         []string
	Issuers          []string
	JWKSURI          string
	MaxExpiration    time.Duration
	ExtendExpiration bool
	APIAudiences     []string
}

// NewServiceAccountOptions returns kube-apiserver's defaults.
func NewServiceAccountOptions() ServiceAccountOptions {
	return ServiceAccountOptions{ExtendExpiration: true}
}

// AddFlags adds the service-account flags to fs.
func (o *ServiceAccountOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.SigningKeyFile, "service-account-signing-key-file", o.SigningKeyFile, "Path to the file that contains the current private key of the service account token issuer. The issuer will sign issued ID tokens with this private key. If unspecified, kapi signs with the key it generates under --data-dir.")
	fs.StringArrayVar(&o.KeyFiles, "service-account-key-file", o.KeyFiles, "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to verify ServiceAccount tokens. The specified file can contain multiple keys, and the flag can be specified multiple times with different files. If unspecified, the public key of --service-account-signing-key-file is used.")
	fs.StringSliceVar(&o.Issuers, "service-account-issuer", o.Issuers, "Identifier of the service account token issuer. The issuer will assert this identifier in \"iss\" claim of issued tokens. This value is a string or URI. If this option is not a valid URI per the OpenID Discovery 1.0 spec, the ServiceAccountIssuerDiscovery endpoints remain disabled. When this flag is specified multiple times, the first is used to generate tokens and all are used to determine which issuers are accepted. Defaults to "+defaultServiceAccountIssuer+".")
	fs.StringVar(&o.JWKSURI, "service-account-jwks-uri", o.JWKSURI, "Overrides the URI for the JSON Web Key Set in the discovery doc served at /.well-known/openid-configuration. This flag is useful if the discovery doc and key set are served to relying parties from a URL other than the API server's external (as auto-detected or overridden with external-hostname).")
	fs.DurationVar(&o.MaxExpiration, "service-account-max-token-expiration", o.MaxExpiration, "The maximum validity duration of a token created by the service account token issuer. If an otherwise valid TokenRequest with a validity duration larger than this value is requested, a token will be issued with a validity duration of this value.")
	fs.BoolVar(&o.ExtendExpiration, "service-account-extend-token-expiration", o.ExtendExpiration, "Turns on projected service account expiration extension during token generation, which helps safe transition from legacy token to bound service account token feature. If this flag is enabled, admission injected tokens would be extended up to 1 year to prevent unexpected failure during transition, ignoring value of service-account-max-token-expiration.")
	fs.StringSliceVar(&o.APIAudiences, "api-audiences", o.APIAudiences, "Identifiers of the API. The service account token authenticator will validate that tokens used against the API are bound to at least one of these audiences. If this flag is not set, it defaults to a single element list containing the first service account issuer.")
}

// Validate reports invalid service-account flags, with kube-apiserver's messages.
func (o *ServiceAccountOptions) Validate() []error {
	var errs []error
	seen := sets.New[string]()
	for _, issuer := range o.Issuers {
		if strings.Contains(issuer, ":") {
			if _, err := url.Parse(issuer); err != nil {
				errs = append(errs, fmt.Errorf("service-account-issuer %q contained a ':' but was not a valid URL: %v", issuer, err))
				continue
			}
		}
		if issuer == "" {
			errs = append(errs, errors.New("service-account-issuer should not be an empty string"))
			continue
		}
		if seen.Has(issuer) {
			errs = append(errs, fmt.Errorf("service-account-issuer %q is already specified", issuer))
			continue
		}
		seen.Insert(issuer)
	}
	if o.JWKSURI != "" {
		if u, err := url.Parse(o.JWKSURI); err != nil || u.Scheme != "https" {
			errs = append(errs, fmt.Errorf("service-account-jwks-uri requires https scheme, parsed as: %v", u))
		}
	}
	if o.MaxExpiration != 0 && (o.MaxExpiration < time.Hour || o.MaxExpiration > time.Duration(1<<32)*time.Second) {
		errs = append(errs, errors.New("the service-account-max-token-expiration must be between 1 hour and 2^32 seconds"))
	}
	return errs
}

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

// config loads the keys: the signing key of the flag or else kapi's generated one, and the
// verification keys of the flag or else the signing key's public half.
func (o *ServiceAccountOptions) config(files pki.Files) (*serviceAccountConfig, error) {
	issuers := o.Issuers
	if len(issuers) == 0 {
		issuers = []string{defaultServiceAccountIssuer}
	}
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
