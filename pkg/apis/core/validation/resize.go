package validation

import (
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/qos"
)

// ValidatePodResize validates a write through pods/resize, which may change the cpu and memory
// requests and limits (and resize policies) of containers and sidecars in place, as long as the
// pod keeps its QoS class and its containers.
func ValidatePodResize(newPod, oldPod *corev1.Pod) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newPod.ObjectMeta, &oldPod.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validatePodMetadataAndSpec(newPod)...)

	if _, ok := oldPod.Annotations[corev1.MirrorPodAnnotationKey]; ok {
		return field.ErrorList{field.Forbidden(field.NewPath(""), "static pods cannot be resized")}
	}
	if oldPod.Spec.OS != nil && oldPod.Spec.OS.Name == corev1.Windows {
		return field.ErrorList{field.Forbidden(field.NewPath(""), "windows pods cannot be resized")}
	}

	specPath := field.NewPath("spec")
	// The stored class is what the pod was admitted and scheduled with.
	if oldPod.Status.QOSClass != qos.ComputePodQOS(newPod) {
		allErrs = append(allErrs, field.Invalid(specPath, newPod.Status.QOSClass, "Pod QOS Class may not change as a result of resizing"))
	}

	orderErrs := validateResizeContainerOrder(newPod.Spec.Containers, oldPod.Spec.Containers, specPath.Child("containers"))
	orderErrs = append(orderErrs, validateResizeContainerOrder(newPod.Spec.InitContainers, oldPod.Spec.InitContainers, specPath.Child("initContainers"))...)
	if len(orderErrs) > 0 {
		return append(allErrs, orderErrs...)
	}

	for i := range oldPod.Spec.Containers {
		allErrs = append(allErrs, validateNoResourceRemoved(&newPod.Spec.Containers[i].Resources, &oldPod.Spec.Containers[i].Resources, specPath.Child("containers").Index(i).Child("resources"))...)
	}
	for i := range oldPod.Spec.InitContainers {
		if isRestartableInitContainer(oldPod.Spec.InitContainers, oldPod.Spec.InitContainers[i].Name) {
			allErrs = append(allErrs, validateNoResourceRemoved(&newPod.Spec.InitContainers[i].Resources, &oldPod.Spec.InitContainers[i].Resources, specPath.Child("initContainers").Index(i).Child("resources"))...)
		}
	}

	// With cpu, memory and resize policies taken back to their old values, nothing may differ.
	reverted := newPod.Spec.DeepCopy()
	for i := range reverted.Containers {
		revertResizableFields(&reverted.Containers[i], &oldPod.Spec.Containers[i])
	}
	for i := range reverted.InitContainers {
		if isRestartableInitContainer(oldPod.Spec.InitContainers, oldPod.Spec.InitContainers[i].Name) {
			revertResizableFields(&reverted.InitContainers[i], &oldPod.Spec.InitContainers[i])
		}
	}
	reverted.Resources = oldPod.Spec.Resources
	if !apiequality.Semantic.DeepEqual(*reverted, oldPod.Spec) {
		allErrs = append(allErrs, field.Forbidden(specPath, "only cpu and memory resources are mutable"))
	}
	return allErrs
}

// validateResizeContainerOrder refuses adding, removing, renaming or reordering containers, which
// the rest of the checks rely on.
func validateResizeContainerOrder(newContainers, oldContainers []corev1.Container, fldPath *field.Path) field.ErrorList {
	if len(newContainers) != len(oldContainers) {
		return field.ErrorList{field.Forbidden(fldPath, "containers may not be added or removed on resize")}
	}
	var allErrs field.ErrorList
	for i := range oldContainers {
		if newContainers[i].Name != oldContainers[i].Name {
			allErrs = append(allErrs, field.Forbidden(fldPath.Index(i).Child("name"), "containers may not be renamed or reordered on resize"))
		}
	}
	return allErrs
}

// validateNoResourceRemoved refuses dropping a request or limit a container had: the node sized the
// container by it.
func validateNoResourceRemoved(newResources, oldResources *corev1.ResourceRequirements, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for name := range oldResources.Requests {
		if _, ok := newResources.Requests[name]; !ok {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("requests").Key(string(name)), "resource requests cannot be removed"))
		}
	}
	for name := range oldResources.Limits {
		if _, ok := newResources.Limits[name]; !ok {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("limits").Key(string(name)), "resource limits cannot be removed"))
		}
	}
	return allErrs
}

// revertResizableFields sets the cpu and memory quantities and the resize policy of c back to
// those of old, leaving every other resource as c has it.
func revertResizableFields(c, old *corev1.Container) {
	c.Resources.Requests = withResizableFrom(c.Resources.Requests, old.Resources.Requests)
	c.Resources.Limits = withResizableFrom(c.Resources.Limits, old.Resources.Limits)
	c.ResizePolicy = old.ResizePolicy
}

func withResizableFrom(list, old corev1.ResourceList) corev1.ResourceList {
	out := corev1.ResourceList{}
	for name, q := range list {
		if !supportedResizeResources.Has(name) {
			out[name] = q
		}
	}
	for name, q := range old {
		if supportedResizeResources.Has(name) {
			out[name] = q
		}
	}
	return out
}
