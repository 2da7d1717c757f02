// Package csinode implements the strategy and table columns of storage.k8s.io/v1 CSINodes.
package csinode

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type csiNodeStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of CSINodes.
var Strategy = csiNodeStrategy{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: "storage.k8s.io/v1"}}

// PrepareForCreate drops the status: its storage health reports belong to the alpha CSIVolumeHealth
// feature, which kube-apiserver v1.37 has off.
func (csiNodeStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*storagev1.CSINode).Status = storagev1.CSINodeStatus{}
}

// PrepareForUpdate keeps the stored status.
func (csiNodeStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*storagev1.CSINode).Status = old.(*storagev1.CSINode).Status
}

// AllowUnconditionalUpdate is false: kubelet's updates must name the resourceVersion they read, so
// that two registrations do not overwrite each other's driver.
func (csiNodeStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// Validate checks a new CSINode.
func (csiNodeStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCSINode(obj.(*storagev1.CSINode))
}

// ValidateUpdate checks an update of a CSINode.
func (csiNodeStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCSINodeUpdate(obj.(*storagev1.CSINode), old.(*storagev1.CSINode))
}
