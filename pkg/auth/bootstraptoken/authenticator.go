package bootstraptoken

import (
	"context"
	"crypto/subtle"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/klog/v2"
)

// SecretGetter reads a Secret in kube-system.
type SecretGetter interface {
	GetSecret(ctx context.Context, namespace, name string) (*corev1.Secret, error)
}

// Authenticator authenticates "<id>.<secret>" bearer tokens against their Secrets in kube-system, as
// kube-apiserver's --enable-bootstrap-token-auth does: the user is system:bootstrap:<id> in
// system:bootstrappers and the Secret's extra groups.
type Authenticator struct {
	secrets SecretGetter
	now     func() time.Time
}

var _ authenticator.Token = &Authenticator{}

// NewAuthenticator returns an authenticator reading the tokens' Secrets through secrets.
func NewAuthenticator(secrets SecretGetter) *Authenticator {
	return &Authenticator{secrets: secrets, now: time.Now}
}

// AuthenticateToken leaves tokens of another form to the other authenticators and refuses, without
// an error, a token whose Secret is missing, being deleted, of another type, holding other halves,
// expired, not marked for authentication or naming an invalid group; each refusal is logged at -v=3.
func (a *Authenticator) AuthenticateToken(ctx context.Context, token string) (*authenticator.Response, bool, error) {
	id, tokenSecret, ok := ParseToken(token)
	if !ok {
		return nil, false, nil
	}
	s, err := a.secrets.GetSecret(ctx, metav1.NamespaceSystem, SecretName(id))
	if apierrors.IsNotFound(err) {
		klog.V(3).InfoS("No secret matches the bootstrap bearer token", "secret", SecretName(id))
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	refuse := func(why string) (*authenticator.Response, bool, error) {
		klog.V(3).InfoS("Bootstrap secret refused", "secret", klog.KObj(s), "reason", why)
		return nil, false, nil
	}
	switch {
	case s.DeletionTimestamp != nil:
		return refuse("is deleted and awaiting removal")
	case s.Type != corev1.SecretTypeBootstrapToken || s.Data == nil:
		return refuse("has invalid type, expected " + string(corev1.SecretTypeBootstrapToken))
	case subtle.ConstantTimeCompare([]byte(data(s, SecretKey)), []byte(tokenSecret)) != 1:
		return refuse("has invalid value for key " + SecretKey)
	case data(s, IDKey) != id:
		return refuse("has invalid value for key " + IDKey)
	case Expired(s, a.now()):
		return refuse("has expired")
	case data(s, UsageAuthenticationKey) != "true":
		return refuse("not marked " + UsageAuthenticationKey + "=true")
	}
	groups, err := Groups(s)
	if err != nil {
		return refuse("has invalid value for key " + ExtraGroupsKey + ": " + err.Error())
	}
	return &authenticator.Response{User: &user.DefaultInfo{Name: UserPrefix + id, Groups: groups}}, true, nil
}
