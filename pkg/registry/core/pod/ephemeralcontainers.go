package pod

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

type podEphemeralContainersStrategy struct {
	podStrategy
}

// EphemeralContainersStrategy is the update behaviour of pods/ephemeralcontainers, through which
// `kubectl debug` adds containers to a running pod.
var EphemeralContainersStrategy = podEphemeralContainersStrategy{Strategy}

// PrepareForUpdate keeps the stored pod except for spec.ephemeralContainers and the identity and
// version the request carries.
func (podEphemeralContainersStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	newPod, oldPod := obj.(*corev1.Pod), old.(*corev1.Pod)
	kept := oldPod.DeepCopy()
	kept.Name, kept.Namespace, kept.UID, kept.ResourceVersion = newPod.Name, newPod.Namespace, newPod.UID, newPod.ResourceVersion
	kept.Spec.EphemeralContainers = newPod.Spec.EphemeralContainers
	*newPod = *kept
}

// ValidateUpdate allows adding ephemeral containers, never changing or removing them.
func (podEphemeralContainersStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodEphemeralContainersUpdate(obj.(*corev1.Pod), old.(*corev1.Pod))
}

// WarningsOnUpdate has nothing to add.
func (podEphemeralContainersStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
