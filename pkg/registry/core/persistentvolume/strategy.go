// Package persistentvolume implements the strategies and table columns of the persistentvolumes
// resource.
package persistentvolume

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// BetaStorageClassWarning is the warning for a volume or claim that names its storage class the
// pre-1.8 way, with an annotation.
const BetaStorageClassWarning = `metadata.annotations[` + corev1.BetaStorageClassAnnotation + `]: deprecated since v1.8; use "storageClassName" attribute instead`

// now is the clock phase transitions are stamped with, second precision as the field serializes.
var now = func() metav1.Time { return metav1.NewTime(time.Now().Truncate(time.Second)) }

type strategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of persistent volumes.
var Strategy = strategy{Base: basestrategy.ClusterScoped}

// PrepareForCreate starts a volume Pending, stamping when it entered that phase.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	pv := obj.(*corev1.PersistentVolume)
	t := now()
	pv.Status = corev1.PersistentVolumeStatus{Phase: corev1.VolumePending, LastPhaseTransitionTime: &t}
}

// PrepareForUpdate keeps the stored status.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.PersistentVolume).Status = old.(*corev1.PersistentVolume).Status
}

// Validate checks a new persistent volume.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolume(obj.(*corev1.PersistentVolume))
}

// WarningsOnCreate warns about the deprecated storage class annotation.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return warnings(obj.(*corev1.PersistentVolume))
}

// ValidateUpdate checks an update: the volume source is fixed.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeUpdate(obj.(*corev1.PersistentVolume), old.(*corev1.PersistentVolume))
}

// WarningsOnUpdate warns about the deprecated storage class annotation.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warnings(obj.(*corev1.PersistentVolume))
}

func warnings(pv *corev1.PersistentVolume) []string {
	if _, ok := pv.Annotations[corev1.BetaStorageClassAnnotation]; ok {
		return []string{BetaStorageClassWarning}
	}
	return nil
}

type statusStrategy struct {
	strategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of persistentvolumes/status.
var StatusStrategy = statusStrategy{strategy: Strategy}

// PrepareForUpdate keeps the spec, and stamps a phase change unless the writer set its own time.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	pv, oldPV := obj.(*corev1.PersistentVolume), old.(*corev1.PersistentVolume)
	pv.Spec = oldPV.Spec
	switch {
	case pv.Status.Phase == oldPV.Status.Phase && pv.Status.LastPhaseTransitionTime == nil:
		pv.Status.LastPhaseTransitionTime = oldPV.Status.LastPhaseTransitionTime
	case pv.Status.Phase != oldPV.Status.Phase &&
		(pv.Status.LastPhaseTransitionTime == nil || pv.Status.LastPhaseTransitionTime.Equal(oldPV.Status.LastPhaseTransitionTime)):
		t := now()
		pv.Status.LastPhaseTransitionTime = &t
	}
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeStatusUpdate(obj.(*corev1.PersistentVolume), old.(*corev1.PersistentVolume))
}

// WarningsOnUpdate returns no warnings.
func (statusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
