// Package statefulset implements the strategies and table columns of the apps/v1 statefulsets
// resource.
package statefulset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/apps/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type statefulSetStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of stateful sets.
var Strategy = statefulSetStrategy{Base: basestrategy.Namespaced}

// DefaultGarbageCollectionPolicy deletes a stateful set's pods with it when deleted through the
// API. Upstream orphans them for a deletion with no request, as its beta versions did.
func (statefulSetStrategy) DefaultGarbageCollectionPolicy(ctx context.Context) rest.GarbageCollectionPolicy {
	if _, ok := genericapirequest.RequestInfoFrom(ctx); ok {
		return rest.DeleteDependents
	}
	return rest.OrphanDependents
}

// GetResetFields lists status, which only statefulsets/status writes.
func (statefulSetStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "status")
}

// PrepareForCreate drops the status, which only the controller sets, and starts the generation at 1.
func (statefulSetStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (statefulSetStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepStatusForUpdate(obj, old)
}

// Validate checks a new stateful set.
func (statefulSetStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateStatefulSet(obj.(*appsv1.StatefulSet))
}

// ValidateUpdate checks an update of a stateful set.
func (statefulSetStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateStatefulSetUpdate(obj.(*appsv1.StatefulSet), old.(*appsv1.StatefulSet))
}

type statefulSetStatusStrategy struct {
	statefulSetStrategy
}

// StatusStrategy is the update behaviour of statefulsets/status.
var StatusStrategy = statefulSetStatusStrategy{statefulSetStrategy: Strategy}

// GetResetFields lists spec, which a status write leaves alone.
func (statefulSetStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "spec")
}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (statefulSetStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecForStatusUpdate(obj, old)
}

// ValidateUpdate checks a status update.
func (statefulSetStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateStatefulSetStatusUpdate(obj.(*appsv1.StatefulSet), old.(*appsv1.StatefulSet))
}
