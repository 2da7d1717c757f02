package serviceaccount

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	apiserverserviceaccount "k8s.io/apiserver/pkg/authentication/serviceaccount"
	apiserverjwt "k8s.io/apiserver/pkg/authentication/token/jwt"
	"k8s.io/klog/v2"
)

// errInvalidated is what a token whose bound object is gone gets, as in kube-apiserver.
var errInvalidated = errors.New("service account token has been invalidated")

// Authenticator authenticates service-account tokens issued by one of its issuers.
type Authenticator struct {
	issuers      sets.Set[string]
	keys         PublicKeysGetter
	implicitAuds authenticator.Audiences
	getter       Getter
	labeler      SecretLabeler
	now          func() time.Time
	// LegacyLookup checks that the Secret and the account a Secret-based token names still exist
	// (--service-account-lookup); without it the signature and claims alone decide. NewAuthenticator
	// turns it on.
	LegacyLookup bool
}

var _ authenticator.Token = &Authenticator{}

// NewAuthenticator returns an authenticator for tokens whose "iss" is one of issuers, or the
// LegacyIssuer of Secret-based tokens, signed by one of keys. Tokens with no audience, and requests
// with no audience in their context, are held to implicitAuds (the --api-audiences). Tokens of other
// issuers are left to the other authenticators. The use of Secret-based tokens is recorded through
// labeler, unless it is nil. It fails when keys has no key, which no token could verify with.
func NewAuthenticator(issuers []string, keys PublicKeysGetter, implicitAuds authenticator.Audiences, getter Getter, labeler SecretLabeler) (*Authenticator, error) {
	if len(keys.GetPublicKeys(context.Background(), "")) == 0 {
		return nil, errors.New("no service account token verification keys")
	}
	return &Authenticator{issuers: sets.New(issuers...), keys: keys, implicitAuds: implicitAuds, getter: getter, labeler: labeler, now: time.Now, LegacyLookup: true}, nil
}

// AuthenticateToken verifies the signature, issuer, audience and validity period of a token, and that
// the service account and the objects the token is bound to still exist with the UIDs it names.
func (a *Authenticator) AuthenticateToken(ctx context.Context, token string) (*authenticator.Response, bool, error) {
	issuer := unverifiedIssuer(token)
	if !a.issuers.Has(issuer) && issuer != LegacyIssuer {
		return nil, false, nil
	}
	tok, err := jwt.ParseSigned(token, verifyingAlgorithms)
	if err != nil {
		return nil, false, nil
	}
	public := &jwt.Claims{}
	private := &PrivateClaims{}
	legacy := &LegacyPrivateClaims{}
	keys := a.keys.GetPublicKeys(ctx, keyIDOf(tok.Headers))
	if len(keys) == 0 {
		return nil, false, errors.New("invalid signature, no keys found")
	}
	var errs []error
	verified := false
	for _, k := range keys {
		if err := tok.Claims(k.Key, public, private, legacy); err != nil {
			errs = append(errs, err)
			continue
		}
		verified = true
		break
	}
	if !verified {
		return nil, false, errors.Join(errs...)
	}

	tokenAuds := authenticator.Audiences(public.Audience)
	if len(tokenAuds) == 0 {
		tokenAuds = a.implicitAuds
	}
	requestedAuds, ok := authenticator.AudiencesFrom(ctx)
	if !ok {
		requestedAuds = a.implicitAuds
	}
	auds := tokenAuds.Intersect(requestedAuds)
	if len(auds) == 0 && len(a.implicitAuds) != 0 {
		return nil, false, fmt.Errorf("token audiences %q is invalid for the target audiences %q", tokenAuds, requestedAuds)
	}

	var info *apiserverserviceaccount.ServiceAccountInfo
	// An --service-account-issuer may be the legacy one; its bound tokens carry the nested claims.
	if issuer == LegacyIssuer && (!a.issuers.Has(issuer) || private.Kubernetes.Svcacct.Name == "") {
		info, err = a.validateLegacy(ctx, token, public, legacy)
	} else {
		info, err = a.validate(ctx, public, private)
	}
	if err != nil {
		return nil, false, err
	}
	return &authenticator.Response{User: info.UserInfo(), Audiences: auds}, true, nil
}

// keyIDOf returns the key id the token's header names, empty when it names none.
func keyIDOf(headers []jose.Header) string {
	if len(headers) == 1 {
		return headers[0].KeyID
	}
	return ""
}

// unverifiedIssuer reads the "iss" claim before the signature is checked, so that tokens of other
// issuers (OIDC providers, for example) are not reported as failures of this authenticator. It is
// empty for anything that is not a JWT.
func unverifiedIssuer(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Issuer string `json:"iss"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return ""
	}
	return claims.Issuer
}

// validate checks the validity period and that the named objects still exist, with kube-apiserver's
// error messages.
func (a *Authenticator) validate(ctx context.Context, public *jwt.Claims, private *PrivateClaims) (*apiserverserviceaccount.ServiceAccountInfo, error) {
	now := a.now()
	switch err := public.Validate(jwt.Expected{Time: now}); {
	case err == nil:
	case errors.Is(err, jwt.ErrExpired):
		return nil, errors.New("service account token has expired")
	case errors.Is(err, jwt.ErrNotValidYet):
		return nil, errors.New("service account token is not valid yet")
	case errors.Is(err, jwt.ErrIssuedInTheFuture):
		return nil, errors.New("service account token is issued in the future")
	default:
		return nil, errors.New("service account token claims could not be validated due to unexpected validation error")
	}

	// Objects deleted longer ago than the clock-skew leeway no longer back a token.
	deletedBefore := now.Add(-jwt.DefaultLeeway)
	claims := private.Kubernetes
	namespace := claims.Namespace
	sa, err := a.getter.GetServiceAccount(ctx, namespace, claims.Svcacct.Name)
	if err != nil {
		klog.V(4).InfoS("Could not retrieve service account", "namespace", namespace, "name", claims.Svcacct.Name, "err", err)
		return nil, err
	}
	if sa.DeletionTimestamp != nil && sa.DeletionTimestamp.Time.Before(deletedBefore) {
		return nil, fmt.Errorf("service account %s/%s has been deleted", namespace, claims.Svcacct.Name)
	}
	if string(sa.UID) != claims.Svcacct.UID {
		return nil, fmt.Errorf("service account UID (%s) does not match claim (%s)", sa.UID, claims.Svcacct.UID)
	}

	if ref := claims.Secret; ref != nil {
		secret, err := a.getter.GetSecret(ctx, namespace, ref.Name)
		if err := checkBound(secret, err, "secret", ref.UID, deletedBefore); err != nil {
			return nil, err
		}
	}

	info := &apiserverserviceaccount.ServiceAccountInfo{
		Namespace: namespace,
		Name:      claims.Svcacct.Name,
		UID:       claims.Svcacct.UID,
	}
	if public.ID != "" {
		info.CredentialID = apiserverjwt.CredentialIDForJTI(public.ID)
	}
	if ref := claims.Pod; ref != nil {
		pod, err := a.getter.GetPod(ctx, namespace, ref.Name)
		if err := checkBound(pod, err, "pod", ref.UID, deletedBefore); err != nil {
			return nil, err
		}
		info.PodName, info.PodUID = ref.Name, ref.UID
	}
	if ref := claims.Node; ref != nil {
		// A pod-bound token only reports the node its pod ran on; a node-bound token lives as long as
		// its node.
		if claims.Pod == nil {
			node, err := a.getter.GetNode(ctx, ref.Name)
			if err := checkBound(node, err, "node", ref.UID, deletedBefore); err != nil {
				return nil, err
			}
		}
		info.NodeName, info.NodeUID = ref.Name, ref.UID
	}
	return info, nil
}

// checkBound checks an object a token is bound to, as got with err: it must exist, not have been
// deleted before deletedBefore, and still have the UID the token's claim names.
func checkBound(obj metav1.Object, err error, kind, claimUID string, deletedBefore time.Time) error {
	if err != nil {
		return errInvalidated
	}
	if deleted := obj.GetDeletionTimestamp(); deleted != nil && deleted.Time.Before(deletedBefore) {
		return errInvalidated
	}
	if string(obj.GetUID()) != claimUID {
		return fmt.Errorf("%s UID (%s) does not match service account %s ref claim (%s)", kind, obj.GetUID(), kind, claimUID)
	}
	return nil
}
