// Package replicaset implements the strategies and table columns of the apps/v1 replicasets
// resource.
package replicaset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/apps/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type rsStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of replica sets. Deleting one deletes its pods
// unless the client asks otherwise, the store's default.
var Strategy = rsStrategy{Base: basestrategy.Namespaced}

// GetResetFields lists status, which only replicasets/status writes.
func (rsStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "status")
}

// PrepareForCreate drops the status, which only the controller sets, and starts the generation at 1.
func (rsStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes, so that
// status.observedGeneration tells whether the controller has seen the latest spec.
func (rsStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepStatusForUpdate(obj, old)
}

// Validate checks a new replica set.
func (rsStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateReplicaSet(obj.(*appsv1.ReplicaSet))
}

// WarningsOnCreate warns about names that make poor pod host names.
func (rsStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return basestrategy.PodNameWarnings(obj.(*appsv1.ReplicaSet).Name)
}

// ValidateUpdate checks an update of a replica set.
func (rsStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateReplicaSetUpdate(obj.(*appsv1.ReplicaSet), old.(*appsv1.ReplicaSet))
}

type rsStatusStrategy struct {
	rsStrategy
}

// StatusStrategy is the update behaviour of replicasets/status.
var StatusStrategy = rsStatusStrategy{rsStrategy: Strategy}

// GetResetFields lists spec, which a status write leaves alone.
func (rsStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "spec")
}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (rsStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecForStatusUpdate(obj, old)
}

// ValidateUpdate checks a status update.
func (rsStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateReplicaSetStatusUpdate(obj.(*appsv1.ReplicaSet), old.(*appsv1.ReplicaSet))
}
