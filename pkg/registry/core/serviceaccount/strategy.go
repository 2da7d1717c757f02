// Package serviceaccount holds the create, update and delete behaviour and the table columns of
// service accounts.
package serviceaccount

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// enforceMountableSecretsAnnotation restricted the secrets a pod of the account could mount; it is
// deprecated, and kube-apiserver warns whoever sets it.
const enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of service accounts.
var Strategy = strategy{basestrategy.Namespaced}

// PrepareForCreate reduces the secret references to names, as kube-apiserver does.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	cleanSecretReferences(obj.(*corev1.ServiceAccount))
}

// PrepareForUpdate reduces the secret references to names.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	cleanSecretReferences(obj.(*corev1.ServiceAccount))
}

// cleanSecretReferences drops everything but the name from the secret references: the secrets are
// always in the account's namespace, and the other fields would only go stale.
func cleanSecretReferences(sa *corev1.ServiceAccount) {
	for i, secret := range sa.Secrets {
		sa.Secrets[i] = corev1.ObjectReference{Name: secret.Name}
	}
}

// Validate checks a new service account.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateServiceAccount(obj.(*corev1.ServiceAccount))
}

// WarningsOnCreate warns about the deprecated mountable-secrets annotation.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return mountableSecretsWarning(obj.(*corev1.ServiceAccount))
}

// ValidateUpdate checks an update of a service account.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateServiceAccountUpdate(obj.(*corev1.ServiceAccount), old.(*corev1.ServiceAccount))
}

// WarningsOnUpdate warns about the deprecated mountable-secrets annotation.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return mountableSecretsWarning(obj.(*corev1.ServiceAccount))
}

func mountableSecretsWarning(sa *corev1.ServiceAccount) []string {
	if _, ok := sa.Annotations[enforceMountableSecretsAnnotation]; ok {
		return []string{"metadata.annotations[" + enforceMountableSecretsAnnotation + "]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets"}
	}
	return nil
}
