package pod

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

type podEphemeralContainersStrategy struct {
	podStrategy
}

// EphemeralContainersStrategy is the update behaviour of pods/ephemeralcontainers, through which
// `kubectl debug` adds containers to a running pod.
var EphemeralContainersStrategy = podEphemeralContainersStrategy{Strategy}

// PrepareForUpdate keeps the stored pod except for spec.ephemeralContainers.
func (podEphemeralContainersStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	keepOnlySpecChanges(obj.(*corev1.Pod), old.(*corev1.Pod), func(kept, requested *corev1.PodSpec) {
		kept.EphemeralContainers = requested.EphemeralContainers
	})
}

// ValidateUpdate allows adding ephemeral containers, never changing or removing them.
func (podEphemeralContainersStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodEphemeralContainersUpdate(obj.(*corev1.Pod), old.(*corev1.Pod))
}

// WarningsOnUpdate has nothing to add.
func (podEphemeralContainersStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// ephemeralContainersFields are the only fields a server-side apply through
// pods/ephemeralcontainers may own.
var ephemeralContainersFields = fieldpath.NewIncludeMatcherFilter(fieldpath.MakePrefixMatcherOrDie("spec", "ephemeralContainers"))

// GetResetFieldsFilter keeps server-side apply through pods/ephemeralcontainers to
// spec.ephemeralContainers.
func (podEphemeralContainersStrategy) GetResetFieldsFilter() map[fieldpath.APIVersion]fieldpath.Filter {
	return map[fieldpath.APIVersion]fieldpath.Filter{"v1": ephemeralContainersFields}
}
