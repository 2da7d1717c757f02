// Package secret implements the strategy, field selectors and table columns of the secrets resource.
package secret

import (
	"context"
	"crypto/tls"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of secrets. stringData never reaches it:
// defaulting has already folded it into data, as upstream's conversion to its internal type does.
var Strategy = strategy{basestrategy.Namespaced}

// PrepareForCreate does nothing: every field of a secret is the client's.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate keeps the stored type when the update names none.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	secret, oldSecret := obj.(*corev1.Secret), old.(*corev1.Secret)
	if secret.Type == "" {
		secret.Type = oldSecret.Type
	}
}

// Validate checks a new secret.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateSecret(obj.(*corev1.Secret))
}

// WarningsOnCreate warns when a TLS secret's key does not match its certificate.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return warnings(obj.(*corev1.Secret))
}

// ValidateUpdate checks an update: the type is fixed and an immutable secret keeps its data.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateSecretUpdate(obj.(*corev1.Secret), old.(*corev1.Secret))
}

// WarningsOnUpdate warns when a TLS secret's key does not match its certificate.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warnings(obj.(*corev1.Secret))
}

func warnings(secret *corev1.Secret) []string {
	if secret.Type != corev1.SecretTypeTLS {
		return nil
	}
	if _, err := tls.X509KeyPair(secret.Data[corev1.TLSCertKey], secret.Data[corev1.TLSPrivateKeyKey]); err != nil {
		return []string{err.Error()}
	}
	return nil
}

// GetAttrs returns the labels and the selectable fields of a secret.
var GetAttrs = basestrategy.Attrs("a secret", SelectableFields)

// SelectableFields returns the fields a field selector may match on a secret.
func SelectableFields(secret *corev1.Secret) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{"type": string(secret.Type)}, &secret.ObjectMeta, true)
}
