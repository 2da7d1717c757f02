// Package volumeattachment implements the strategies and table columns of storage.k8s.io/v1
// VolumeAttachments.
package volumeattachment

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "storage.k8s.io/v1"

type volumeAttachmentStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of VolumeAttachments.
var Strategy = volumeAttachmentStrategy{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: groupVersion}}

// PrepareForCreate drops the status, which only the attacher reports.
func (volumeAttachmentStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*storagev1.VolumeAttachment).Status = storagev1.VolumeAttachmentStatus{}
}

// PrepareForUpdate keeps the stored status. The generation stays: the spec cannot change.
func (volumeAttachmentStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*storagev1.VolumeAttachment).Status = old.(*storagev1.VolumeAttachment).Status
}

// AllowUnconditionalUpdate is false: the attacher's updates must name the resourceVersion they read.
func (volumeAttachmentStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// Validate checks a new VolumeAttachment, with the rules only new v1 attachments get.
func (volumeAttachmentStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	va := obj.(*storagev1.VolumeAttachment)
	return append(validation.ValidateVolumeAttachment(va), validation.ValidateVolumeAttachmentCreate(va)...)
}

// ValidateUpdate checks an update of a VolumeAttachment. kube-apiserver checks the new object both
// on its own and as part of the update, so each problem with it is reported twice; kapi does the same.
func (volumeAttachmentStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	va := obj.(*storagev1.VolumeAttachment)
	return append(validation.ValidateVolumeAttachment(va), validation.ValidateVolumeAttachmentUpdate(va, old.(*storagev1.VolumeAttachment))...)
}

type volumeAttachmentStatusStrategy struct {
	volumeAttachmentStrategy
}

// StatusStrategy is the update behaviour of volumeattachments/status.
var StatusStrategy = volumeAttachmentStatusStrategy{Strategy}

// GetResetFields lists metadata and spec, which a status write leaves alone.
func (volumeAttachmentStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "metadata", "spec")
}

// PrepareForUpdate keeps the stored spec and the metadata a status write may not change.
func (volumeAttachmentStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	va, oldVA := obj.(*storagev1.VolumeAttachment), old.(*storagev1.VolumeAttachment)
	va.Spec = oldVA.Spec
	metav1.ResetObjectMetaForStatus(&va.ObjectMeta, &oldVA.ObjectMeta)
}
