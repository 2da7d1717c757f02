package options

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/spf13/pflag"
	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	cliflag "k8s.io/component-base/cli/flag"
)

// OIDCOptions are the --oidc-* flags: one OpenID Connect issuer whose ID tokens authenticate users,
// which kube-apiserver turns into a JWT authenticator as if --authentication-config named it.
type OIDCOptions struct {
	IssuerURL      string
	ClientID       string
	CAFile         string
	UsernameClaim  string
	UsernamePrefix string
	GroupsClaim    string
	GroupsPrefix   string
	SigningAlgs    []string
	RequiredClaims map[string]string
}

// NewOIDCOptions returns kube-apiserver's OIDC defaults.
func NewOIDCOptions() OIDCOptions {
	return OIDCOptions{UsernameClaim: "sub", SigningAlgs: []string{"RS256"}}
}

// AddFlags adds the --oidc-* flags to fs.
func (o *OIDCOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.IssuerURL, "oidc-issuer-url", o.IssuerURL, "The URL of the OpenID issuer, only HTTPS scheme will be accepted. If set, it will be used to verify the OIDC JSON Web Token (JWT).")
	fs.StringVar(&o.ClientID, "oidc-client-id", o.ClientID, "The client ID for the OpenID Connect client, must be set if oidc-issuer-url is set.")
	fs.StringVar(&o.CAFile, "oidc-ca-file", o.CAFile, "If set, the OpenID server's certificate will be verified by one of the authorities in the oidc-ca-file, otherwise the host's root CA set will be used.")
	fs.StringVar(&o.UsernameClaim, "oidc-username-claim", o.UsernameClaim, "The OpenID claim to use as the user name. Note that claims other than the default ('sub') is not guaranteed to be unique and immutable. This flag is experimental, please see the authentication documentation for further details.")
	fs.StringVar(&o.UsernamePrefix, "oidc-username-prefix", o.UsernamePrefix, "If provided, all usernames will be prefixed with this value. If not provided, username claims other than 'email' are prefixed by the issuer URL to avoid clashes. To skip any prefixing, provide the value '-'.")
	fs.StringVar(&o.GroupsClaim, "oidc-groups-claim", o.GroupsClaim, "If provided, the name of a custom OpenID Connect claim for specifying user groups. The claim value is expected to be a string or array of strings. This flag is experimental, please see the authentication documentation for further details.")
	fs.StringVar(&o.GroupsPrefix, "oidc-groups-prefix", o.GroupsPrefix, "If provided, all groups will be prefixed with this value to prevent conflicts with other authentication strategies.")
	fs.StringSliceVar(&o.SigningAlgs, "oidc-signing-algs", o.SigningAlgs, "Comma-separated list of allowed JOSE asymmetric signing algorithms. JWTs with a supported 'alg' header values are: RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512. Values are defined by RFC 7518 https://tools.ietf.org/html/rfc7518#section-3.1.")
	fs.Var(cliflag.NewMapStringStringNoSplit(&o.RequiredClaims), "oidc-required-claim", "A key=value pair that describes a required claim in the ID Token. If set, the claim is verified to be present in the ID Token with a matching value. Repeat this flag to specify multiple claims.")
}

// set reports whether the flags name an issuer or a client.
func (o *OIDCOptions) set() bool {
	return o.IssuerURL != "" || o.ClientID != ""
}

// Validate reports an issuer without a client or the other way round.
func (o *OIDCOptions) Validate() []error {
	if (o.IssuerURL != "") != (o.ClientID != "") {
		return []error{errors.New("oidc-issuer-url and oidc-client-id must be specified together")}
	}
	return nil
}

// JWTAuthenticator is the flags' issuer as a structured JWT authenticator, built as kube-apiserver
// builds it: the client ID is the one audience, a username from any claim but email is prefixed
// with the issuer URL unless --oidc-username-prefix says otherwise ("-" for no prefix), and every
// required claim becomes a claim validation rule. ok is false when the flags name no issuer.
func (o *OIDCOptions) JWTAuthenticator() (jwt apiserverapi.JWTAuthenticator, ok bool, err error) {
	if o.IssuerURL == "" {
		return jwt, false, nil
	}
	jwt.Issuer = apiserverapi.Issuer{URL: o.IssuerURL, Audiences: []string{o.ClientID}}
	if o.CAFile != "" {
		ca, err := os.ReadFile(o.CAFile)
		if err != nil {
			return jwt, false, fmt.Errorf("--oidc-ca-file: %w", err)
		}
		jwt.Issuer.CertificateAuthority = string(ca)
	}
	usernamePrefix := o.UsernamePrefix
	switch {
	case usernamePrefix == "-":
		usernamePrefix = ""
	case usernamePrefix == "" && o.UsernameClaim != "email":
		usernamePrefix = o.IssuerURL + "#"
	}
	jwt.ClaimMappings.Username = apiserverapi.PrefixedClaimOrExpression{Claim: o.UsernameClaim, Prefix: &usernamePrefix}
	if o.GroupsClaim != "" {
		groupsPrefix := o.GroupsPrefix
		jwt.ClaimMappings.Groups = apiserverapi.PrefixedClaimOrExpression{Claim: o.GroupsClaim, Prefix: &groupsPrefix}
	}
	for _, claim := range slices.Sorted(maps.Keys(o.RequiredClaims)) {
		jwt.ClaimValidationRules = append(jwt.ClaimValidationRules, apiserverapi.ClaimValidationRule{Claim: claim, RequiredValue: o.RequiredClaims[claim]})
	}
	return jwt, true, nil
}
