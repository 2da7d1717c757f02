// Package csidriver implements the strategy and table columns of storage.k8s.io/v1 CSIDrivers.
package csidriver

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type csiDriverStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of CSIDrivers.
var Strategy = csiDriverStrategy{basestrategy.ClusterScoped}

// PrepareForCreate keeps the driver as sent. kube-apiserver leaves its generation at 0 until the
// first spec change.
func (csiDriverStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate bumps the generation when the spec changes, so that kubelet can tell which
// capabilities it has acted on.
func (csiDriverStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	d, oldD := obj.(*storagev1.CSIDriver), old.(*storagev1.CSIDriver)
	basestrategy.BumpGenerationOnSpecChange(d, oldD, d.Spec, oldD.Spec)
}

// AllowUnconditionalUpdate is false: an update must name the resourceVersion it read.
func (csiDriverStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// Validate checks a new CSIDriver.
func (csiDriverStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCSIDriver(obj.(*storagev1.CSIDriver))
}

// ValidateUpdate checks an update of a CSIDriver.
func (csiDriverStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCSIDriverUpdate(obj.(*storagev1.CSIDriver), old.(*storagev1.CSIDriver))
}
