package options

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/sets"
)

// defaultServiceAccountIssuer is the issuer when --service-account-issuer is not given: the in-cluster
// name of the API server, as kubeadm configures it.
const defaultServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local"

// ServiceAccountOptions are the service-account token flags, with kube-apiserver's names.
type ServiceAccountOptions struct {
	SigningKeyFile string
	// SigningEndpoint is --service-account-signing-endpoint: the socket of an external signer that
	// signs the tokens instead of a local key and publishes the keys that verify them.
	SigningEndpoint  string
	KeyFiles         []string
	Issuers          []string
	JWKSURI          string
	MaxExpiration    time.Duration
	ExtendExpiration bool
	APIAudiences     []string
	// Lookup is --service-account-lookup.
	Lookup bool
}

// NewServiceAccountOptions returns kube-apiserver's defaults.
func NewServiceAccountOptions() ServiceAccountOptions {
	return ServiceAccountOptions{ExtendExpiration: true, Lookup: true}
}

// AddFlags adds the service-account flags to fs.
func (o *ServiceAccountOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.SigningKeyFile, "service-account-signing-key-file", o.SigningKeyFile, "Path to the file that contains the current private key of the service account token issuer. The issuer will sign issued ID tokens with this private key. If unspecified, kapi signs with the key it generates under --data-dir.")
	fs.StringVar(&o.SigningEndpoint, "service-account-signing-endpoint", o.SigningEndpoint, "Path to socket where a external JWT signer is listening. This flag is mutually exclusive with --service-account-signing-key-file and --service-account-key-file. Requires enabling feature gate (ExternalServiceAccountTokenSigner)")
	fs.StringArrayVar(&o.KeyFiles, "service-account-key-file", o.KeyFiles, "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to verify ServiceAccount tokens. The specified file can contain multiple keys, and the flag can be specified multiple times with different files. If unspecified, the public key of --service-account-signing-key-file is used.")
	fs.StringSliceVar(&o.Issuers, "service-account-issuer", o.Issuers, "Identifier of the service account token issuer. The issuer will assert this identifier in \"iss\" claim of issued tokens. This value is a string or URI. If this option is not a valid URI per the OpenID Discovery 1.0 spec, the ServiceAccountIssuerDiscovery endpoints remain disabled. When this flag is specified multiple times, the first is used to generate tokens and all are used to determine which issuers are accepted. Defaults to "+defaultServiceAccountIssuer+".")
	fs.StringVar(&o.JWKSURI, "service-account-jwks-uri", o.JWKSURI, "Overrides the URI for the JSON Web Key Set in the discovery doc served at /.well-known/openid-configuration. This flag is useful if the discovery doc and key set are served to relying parties from a URL other than the API server's external (as auto-detected or overridden with external-hostname).")
	fs.DurationVar(&o.MaxExpiration, "service-account-max-token-expiration", o.MaxExpiration, "The maximum validity duration of a token created by the service account token issuer. If an otherwise valid TokenRequest with a validity duration larger than this value is requested, a token will be issued with a validity duration of this value.")
	fs.BoolVar(&o.ExtendExpiration, "service-account-extend-token-expiration", o.ExtendExpiration, "Turns on projected service account expiration extension during token generation, which helps safe transition from legacy token to bound service account token feature. If this flag is enabled, admission injected tokens would be extended up to 1 year to prevent unexpected failure during transition, ignoring value of service-account-max-token-expiration.")
	fs.BoolVar(&o.Lookup, "service-account-lookup", o.Lookup, "If true, validate ServiceAccount tokens exist in etcd as part of authentication.")
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
	return append(errs, o.validateSigningEndpoint()...)
}

// abstractSocketName is what an abstract socket name given as @name may be: dot-separated words.
var abstractSocketName = regexp.MustCompile(`^@[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*$`)

// validateSigningEndpoint refuses, as kube-apiserver does, key files next to an external signer,
// which alone signs and publishes the keys, and an abstract socket name that is not one. A socket
// path is only checked when kapi connects to it.
func (o *ServiceAccountOptions) validateSigningEndpoint() []error {
	if o.SigningEndpoint == "" {
		return nil
	}
	var errs []error
	if o.SigningKeyFile != "" || len(o.KeyFiles) != 0 {
		errs = append(errs, errors.New("can't set `--service-account-signing-key-file` and/or `--service-account-key-file` with `--service-account-signing-endpoint` (They are mutually exclusive)"))
	}
	if strings.HasPrefix(o.SigningEndpoint, "@") && !abstractSocketName.MatchString(o.SigningEndpoint) {
		errs = append(errs, fmt.Errorf("invalid value %q passed for `--service-account-signing-endpoint`, should be a valid location on the filesystem or must be prefixed with @ to name UDS in abstract namespace", o.SigningEndpoint))
	}
	return errs
}
