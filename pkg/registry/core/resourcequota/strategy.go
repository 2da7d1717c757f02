// Package resourcequota implements the strategies and table columns of the resourcequotas resource.
// kapi stores quotas and their status; enforcing them is admission's job.
package resourcequota

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// Strategy is the create, update and delete behaviour of resource quotas.
var Strategy = strategy{scheme.Scheme, names.SimpleNameGenerator}

// NamespaceScoped is true: resource quotas live in a namespace.
func (strategy) NamespaceScoped() bool { return true }

// GetResetFields lists the fields a main-resource write leaves alone.
func (strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("status"))}
}

// PrepareForCreate drops the status, which only the quota controller sets.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*corev1.ResourceQuota).Status = corev1.ResourceQuotaStatus{}
}

// PrepareForUpdate keeps the stored status.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.ResourceQuota).Status = old.(*corev1.ResourceQuota).Status
}

// Validate checks a new resource quota.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateResourceQuota(obj.(*corev1.ResourceQuota))
}

// WarningsOnCreate returns no warnings.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

// Canonicalize does nothing.
func (strategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing resource quota is a 404.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks an update of a resource quota's spec.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateResourceQuotaUpdate(obj.(*corev1.ResourceQuota), old.(*corev1.ResourceQuota))
}

// WarningsOnUpdate returns no warnings.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string { return nil }

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }

type statusStrategy struct {
	strategy
}

// StatusStrategy is the update behaviour of resourcequotas/status.
var StatusStrategy = statusStrategy{Strategy}

// GetResetFields lists the fields a status write leaves alone.
func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))}
}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.ResourceQuota).Spec = old.(*corev1.ResourceQuota).Spec
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateResourceQuotaStatusUpdate(obj.(*corev1.ResourceQuota), old.(*corev1.ResourceQuota))
}
