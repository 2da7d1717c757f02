// Package volumeattributesclass implements the strategy and table columns of storage.k8s.io/v1
// VolumeAttributesClasses.
package volumeattributesclass

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type vacStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of VolumeAttributesClasses.
var Strategy = vacStrategy{basestrategy.ClusterScoped}

// PrepareForCreate keeps the class as sent: it has no status and no generation.
func (vacStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate keeps the class as sent.
func (vacStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new VolumeAttributesClass.
func (vacStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateVolumeAttributesClass(obj.(*storagev1.VolumeAttributesClass))
}

// ValidateUpdate checks an update of a VolumeAttributesClass. kube-apiserver checks the new class
// both on its own and as part of the update, so each problem with it is reported twice; kapi does
// the same.
func (vacStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	vac := obj.(*storagev1.VolumeAttributesClass)
	return append(validation.ValidateVolumeAttributesClass(vac), validation.ValidateVolumeAttributesClassUpdate(vac, old.(*storagev1.VolumeAttributesClass))...)
}
