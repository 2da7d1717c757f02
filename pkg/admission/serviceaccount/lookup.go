package serviceaccount

import (
	"context"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// defaultAccountAttempts is how often the live lookup of "default" is tried: the
// serviceaccount-controller creates it just after the namespace, so a pod created right after its
// namespace waits for it a little instead of failing at once.
const defaultAccountAttempts = 10

// lookUp returns the namespace's service account name, from the informer or, when the informer
// has not seen it yet, from the API; the Forbidden error it returns is kube-apiserver's.
func (p *plugin) lookUp(ctx context.Context, a admission.Attributes, name string) (*corev1.ServiceAccount, error) {
	account, err := p.get(ctx, a.GetNamespace(), name)
	if err != nil {
		return nil, podadmission.Forbidden(a, "error looking up service account %s/%s: %v", a.GetNamespace(), name, err)
	}
	return account, nil
}

func (p *plugin) get(ctx context.Context, namespace, name string) (*corev1.ServiceAccount, error) {
	account, err := p.accounts.ServiceAccounts(namespace).Get(name)
	if !apierrors.IsNotFound(err) {
		return account, err
	}
	attempts := 1
	if name == DefaultServiceAccountName {
		attempts = defaultAccountAttempts
	}
	pause := time.Duration(100+rand.IntN(100)) * time.Millisecond
	for i := range attempts {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(pause):
			}
		}
		account, err := p.client.CoreV1().ServiceAccounts(namespace).Get(ctx, name, metav1.GetOptions{})
		if !apierrors.IsNotFound(err) {
			return account, err
		}
	}
	// kube-apiserver names the resource in the singular here: serviceaccount "default" not found.
	return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "serviceaccount"}, name)
}
