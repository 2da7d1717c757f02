package serviceaccount

import (
	"context"
	"crypto"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/audit"
	apiserverserviceaccount "k8s.io/apiserver/pkg/authentication/serviceaccount"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/klog/v2"
)

const (
	// LegacyIssuer is the "iss" of the long-lived tokens stored in kubernetes.io/service-account-token
	// Secrets; kube-controller-manager signs them with this issuer whatever --service-account-issuer says.
	LegacyIssuer = "kubernetes/serviceaccount"
	// LastUsedLabelKey labels a token Secret with the UTC day its token last authenticated.
	LastUsedLabelKey = "kubernetes.io/legacy-token-last-used"
	// InvalidSinceLabelKey marks a token Secret whose token no longer authenticates; the cluster admin
	// removes it to allow the token again.
	InvalidSinceLabelKey = "kubernetes.io/legacy-token-invalid-since"

	// lastUsedDateFormat is the label's value format, a UTC day.
	lastUsedDateFormat = "2006-01-02"
	// legacySignTimeout bounds the signing of a Secret's token, which the token controller asks for
	// without a deadline of its own, so that a signer that does not answer only delays that Secret.
	legacySignTimeout = 30 * time.Second
)

// LegacyPrivateClaims are the flat claims of a Secret-based token, as kube-controller-manager writes them.
type LegacyPrivateClaims struct {
	ServiceAccountName string `json:"kubernetes.io/serviceaccount/service-account.name"`
	ServiceAccountUID  string `json:"kubernetes.io/serviceaccount/service-account.uid"`
	SecretName         string `json:"kubernetes.io/serviceaccount/secret.name"`
	Namespace          string `json:"kubernetes.io/serviceaccount/namespace"`
}

// LegacyGenerator signs the never-expiring tokens of kubernetes.io/service-account-token Secrets.
type LegacyGenerator struct {
	generator *Generator
}

// NewLegacyGenerator returns a LegacyGenerator signing with key, as LegacyIssuer.
func NewLegacyGenerator(key crypto.Signer) (*LegacyGenerator, error) {
	g, err := NewGenerator(LegacyIssuer, key)
	if err != nil {
		return nil, err
	}
	return &LegacyGenerator{generator: g}, nil
}

// NewExternalLegacyGenerator returns a LegacyGenerator whose tokens the external signer signs, as
// LegacyIssuer: with --service-account-signing-endpoint only the signer's keys verify tokens.
func NewExternalLegacyGenerator(signer *ExternalSigner) *LegacyGenerator {
	return &LegacyGenerator{generator: NewExternalGenerator(LegacyIssuer, signer)}
}

// GenerateToken returns a token for sa stored in secret: it carries no audience, no expiry and no
// token ID, only the subject and the names that tie it to the Secret and the account. An external
// signer gets legacySignTimeout to sign it.
func (g *LegacyGenerator) GenerateToken(sa *corev1.ServiceAccount, secret *corev1.Secret) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), legacySignTimeout)
	defer cancel()
	public := &jwt.Claims{Subject: apiserverserviceaccount.MakeUsername(sa.Namespace, sa.Name)}
	private := &LegacyPrivateClaims{
		Namespace:          sa.Namespace,
		ServiceAccountName: sa.Name,
		ServiceAccountUID:  string(sa.UID),
		SecretName:         secret.Name,
	}
	return g.generator.sign(ctx, public, private)
}

// SecretLabeler records on a token Secret the day its legacy token was last used.
type SecretLabeler interface {
	LabelSecret(ctx context.Context, secret *corev1.Secret, key, value string) error
}

// validateLegacy checks a Secret-based token as kube-apiserver does: its claims must be whole and,
// with --service-account-lookup, the Secret must still hold exactly this token and the account must
// still exist with the UID the token names. Each successful use looked up is recorded on the
// Secret, at most once a day.
func (a *Authenticator) validateLegacy(ctx context.Context, token string, public *jwt.Claims, private *LegacyPrivateClaims) (*apiserverserviceaccount.ServiceAccountInfo, error) {
	switch {
	case public.Subject == "":
		return nil, errors.New("sub claim is missing")
	case private.Namespace == "":
		return nil, errors.New("namespace claim is missing")
	case private.SecretName == "":
		return nil, errors.New("secretName claim is missing")
	case private.ServiceAccountName == "":
		return nil, errors.New("serviceAccountName claim is missing")
	case private.ServiceAccountUID == "":
		return nil, errors.New("serviceAccountUID claim is missing")
	}
	namespace, name := private.Namespace, private.ServiceAccountName
	if ns, n, err := apiserverserviceaccount.SplitUsername(public.Subject); err != nil || ns != namespace || n != name {
		return nil, errors.New("sub claim is invalid")
	}
	if !a.LegacyLookup {
		return &apiserverserviceaccount.ServiceAccountInfo{Namespace: namespace, Name: name, UID: private.ServiceAccountUID}, nil
	}

	secret, err := a.getter.GetSecret(ctx, namespace, private.SecretName)
	if err != nil {
		klog.V(4).InfoS("Could not retrieve the token secret", "secret", klog.KRef(namespace, private.SecretName), "err", err)
		return nil, errors.New("Token has been invalidated")
	}
	if secret.DeletionTimestamp != nil {
		return nil, errors.New("Token has been invalidated")
	}
	if subtle.ConstantTimeCompare(secret.Data[corev1.ServiceAccountTokenKey], []byte(token)) == 0 {
		return nil, errors.New("Token does not match server's copy")
	}

	sa, err := a.getter.GetServiceAccount(ctx, namespace, name)
	if err != nil {
		klog.V(4).InfoS("Could not retrieve service account", "namespace", namespace, "name", name, "err", err)
		return nil, err
	}
	if sa.DeletionTimestamp != nil {
		return nil, fmt.Errorf("ServiceAccount %s/%s has been deleted", namespace, name)
	}
	if string(sa.UID) != private.ServiceAccountUID {
		return nil, fmt.Errorf("ServiceAccount UID (%s) does not match claim (%s)", sa.UID, private.ServiceAccountUID)
	}

	if secret.Labels[InvalidSinceLabelKey] != "" {
		audit.AddAuditAnnotation(ctx, "authentication.k8s.io/legacy-token-invalidated", secret.Name+"/"+secret.Namespace)
		a.recordLegacyUse(ctx, secret)
		return nil, fmt.Errorf("the token in secret %s/%s for service account %s/%s has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the '%s' label from the secret to temporarily allow use of this token", namespace, secret.Name, namespace, name, InvalidSinceLabelKey)
	}
	if referencesSecret(sa, secret.Name) {
		warning.AddWarning(ctx, "", "Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.")
		audit.AddAuditAnnotation(ctx, "authentication.k8s.io/legacy-token-autogenerated-secret", secret.Name)
	} else {
		audit.AddAuditAnnotation(ctx, "authentication.k8s.io/legacy-token-manual-secret", secret.Name)
	}
	a.recordLegacyUse(ctx, secret)

	return &apiserverserviceaccount.ServiceAccountInfo{Namespace: namespace, Name: name, UID: private.ServiceAccountUID}, nil
}

// referencesSecret reports whether sa lists the Secret, which is how tokens the controller generated
// for the account, before kube-controller-manager stopped doing so, are told from hand-made ones.
func referencesSecret(sa *corev1.ServiceAccount, secretName string) bool {
	for _, ref := range sa.Secrets {
		if ref.Name == secretName {
			return true
		}
	}
	return false
}

// recordLegacyUse labels the Secret with today's UTC day unless it already says today, or tomorrow
// (written by a server whose clock runs ahead). Failing to label does not fail the request.
func (a *Authenticator) recordLegacyUse(ctx context.Context, secret *corev1.Secret) {
	if a.labeler == nil {
		return
	}
	now := a.now().UTC()
	today := now.Format(lastUsedDateFormat)
	switch secret.Labels[LastUsedLabelKey] {
	case today, now.AddDate(0, 0, 1).Format(lastUsedDateFormat):
		return
	}
	if err := a.labeler.LabelSecret(ctx, secret, LastUsedLabelKey, today); err != nil {
		klog.ErrorS(err, "Failed to label legacy service account token with last-used date", "secret", klog.KObj(secret))
	}
}
