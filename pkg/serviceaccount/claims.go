package serviceaccount

import (
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/uuid"
	apiserverserviceaccount "k8s.io/apiserver/pkg/authentication/serviceaccount"
)

const (
	// WarnOnlyBoundTokenExpirationSeconds is the expiration the kubelet asks for projected tokens; a
	// pod-bound request for exactly this long is extended (see ExpirationExtensionSeconds) so that
	// clients which do not reload their token keep working, and is only flagged after it.
	WarnOnlyBoundTokenExpirationSeconds = 60*60 + 7
	// ExpirationExtensionSeconds is how long such an extended token is actually valid: a year.
	ExpirationExtensionSeconds = 24 * 365 * 60 * 60
)

// PrivateClaims are the claims kube-apiserver adds under "kubernetes.io".
type PrivateClaims struct {
	Kubernetes KubernetesClaims `json:"kubernetes.io,omitempty"`
}

// KubernetesClaims name the service account and the objects the token is bound to.
type KubernetesClaims struct {
	Namespace string           `json:"namespace,omitempty"`
	Svcacct   Ref              `json:"serviceaccount,omitempty"`
	Pod       *Ref             `json:"pod,omitempty"`
	Secret    *Ref             `json:"secret,omitempty"`
	Node      *Ref             `json:"node,omitempty"`
	WarnAfter *jwt.NumericDate `json:"warnafter,omitempty"`
}

// Ref names an object and pins its UID.
type Ref struct {
	Name string `json:"name,omitempty"`
	UID  string `json:"uid,omitempty"`
}

// BoundObjects are the objects a token is bound to: it stops authenticating once they are gone. A
// token is bound to at most one of Pod and Secret; Node is either the node the bound pod runs on,
// or the bound object itself when Pod is nil.
type BoundObjects struct {
	Pod    *corev1.Pod
	Secret *corev1.Secret
	Node   *corev1.Node
}

// Claims returns the registered and the private claims of a token for sa, valid from now for
// expirationSeconds, with a "warnafter" claim warnAfterSeconds from now when that is not zero.
func Claims(sa *corev1.ServiceAccount, bound BoundObjects, now time.Time, expirationSeconds, warnAfterSeconds int64, audiences []string) (*jwt.Claims, *PrivateClaims) {
	public := &jwt.Claims{
		Subject:   apiserverserviceaccount.MakeUsername(sa.Namespace, sa.Name),
		Audience:  jwt.Audience(audiences),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		Expiry:    jwt.NewNumericDate(now.Add(time.Duration(expirationSeconds) * time.Second)),
		ID:        string(uuid.NewUUID()),
	}
	private := &PrivateClaims{Kubernetes: KubernetesClaims{
		Namespace: sa.Namespace,
		Svcacct:   Ref{Name: sa.Name, UID: string(sa.UID)},
	}}
	switch {
	case bound.Pod != nil:
		private.Kubernetes.Pod = &Ref{Name: bound.Pod.Name, UID: string(bound.Pod.UID)}
	case bound.Secret != nil:
		private.Kubernetes.Secret = &Ref{Name: bound.Secret.Name, UID: string(bound.Secret.UID)}
	}
	if bound.Node != nil {
		private.Kubernetes.Node = &Ref{Name: bound.Node.Name, UID: string(bound.Node.UID)}
	}
	if warnAfterSeconds != 0 {
		private.Kubernetes.WarnAfter = jwt.NewNumericDate(now.Add(time.Duration(warnAfterSeconds) * time.Second))
	}
	return public, private
}
