package pod

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

type podResizeStrategy struct {
	podStrategy
}

// ResizeStrategy is the update behaviour of pods/resize, through which the cpu and memory of a
// pod's containers change in place.
var ResizeStrategy = podResizeStrategy{Strategy}

// resizeFields are the only fields a server-side apply through pods/resize may own.
var resizeFields = fieldpath.NewIncludeMatcherFilter(
	fieldpath.MakePrefixMatcherOrDie("spec", "containers", fieldpath.MatchAnyPathElement(), "resources"),
	fieldpath.MakePrefixMatcherOrDie("spec", "containers", fieldpath.MatchAnyPathElement(), "resizePolicy"),
	fieldpath.MakePrefixMatcherOrDie("spec", "initContainers", fieldpath.MatchAnyPathElement(), "resources"),
	fieldpath.MakePrefixMatcherOrDie("spec", "initContainers", fieldpath.MatchAnyPathElement(), "resizePolicy"),
	fieldpath.MakePrefixMatcherOrDie("spec", "resources"),
)

// PrepareForUpdate keeps the stored pod except for the resources and resize policies of its
// containers and init containers, and its pod-level resources. A request that adds, removes,
// renames or reorders containers is kept whole, so that validation refuses it.
func (podResizeStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	newPod, oldPod := obj.(*corev1.Pod), old.(*corev1.Pod)
	if !sameContainerNames(newPod.Spec.Containers, oldPod.Spec.Containers) || !sameContainerNames(newPod.Spec.InitContainers, oldPod.Spec.InitContainers) {
		return
	}
	keepOnlySpecChanges(newPod, oldPod, func(kept, requested *corev1.PodSpec) {
		for i := range kept.Containers {
			kept.Containers[i].Resources = requested.Containers[i].Resources
			kept.Containers[i].ResizePolicy = requested.Containers[i].ResizePolicy
		}
		for i := range kept.InitContainers {
			kept.InitContainers[i].Resources = requested.InitContainers[i].Resources
			kept.InitContainers[i].ResizePolicy = requested.InitContainers[i].ResizePolicy
		}
		kept.Resources = requested.Resources
	})
}

func sameContainerNames(a, b []corev1.Container) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}

// ValidateUpdate checks a resize.
func (podResizeStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodResize(obj.(*corev1.Pod), old.(*corev1.Pod))
}

// WarningsOnUpdate has nothing to add.
func (podResizeStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// GetResetFieldsFilter keeps server-side apply through pods/resize to the resizable fields.
func (podResizeStrategy) GetResetFieldsFilter() map[fieldpath.APIVersion]fieldpath.Filter {
	return map[fieldpath.APIVersion]fieldpath.Filter{"v1": resizeFields}
}
