// Package csistoragecapacity implements the strategy and table columns of storage.k8s.io/v1
// CSIStorageCapacities.
package csistoragecapacity

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type capacityStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of CSIStorageCapacities.
var Strategy = capacityStrategy{basestrategy.Namespaced}

// PrepareForCreate keeps the capacity as sent: it has no status and no generation.
func (capacityStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate keeps the capacity as sent.
func (capacityStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new CSIStorageCapacity.
func (capacityStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCSIStorageCapacity(obj.(*storagev1.CSIStorageCapacity), false)
}

// WarningsOnCreate warns about a node topology that selects deprecated node labels.
func (capacityStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return basestrategy.NodeSelectorWarnings(obj.(*storagev1.CSIStorageCapacity).NodeTopology, field.NewPath("nodeTopology"))
}

// WarningsOnUpdate warns about a node topology that selects deprecated node labels.
func (capacityStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return basestrategy.NodeSelectorWarnings(obj.(*storagev1.CSIStorageCapacity).NodeTopology, field.NewPath("nodeTopology"))
}

// AllowUnconditionalUpdate is false: the capacity is written by the driver's provisioner, whose
// updates must name the resourceVersion they read.
func (capacityStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks the updated capacity as a new one, accepting a topology selector value
// that was accepted before, then what may not change.
func (capacityStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	c, oldC := obj.(*storagev1.CSIStorageCapacity), old.(*storagev1.CSIStorageCapacity)
	allErrs := validation.ValidateCSIStorageCapacity(c, metav1validation.LabelSelectorHasInvalidLabelValue(oldC.NodeTopology))
	return append(allErrs, validation.ValidateCSIStorageCapacityUpdate(c, oldC)...)
}
