package validation

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	schedulinghelper "k8s.io/component-helpers/scheduling/corev1"
)

// The scheduler's alpha annotations carry JSON that kube-apiserver still
// parses and validates like the fields that replaced them, so objects
// written by old clients keep being checked.

// validateTolerationsInPodAnnotations checks the tolerations annotation as
// if its entries were spec.tolerations.
func validateTolerationsInPodAnnotations(annotations map[string]string, fldPath *field.Path) field.ErrorList {
	var tolerations []corev1.Toleration
	if err := json.Unmarshal([]byte(annotations[corev1.TolerationsAnnotationKey]), &tolerations); err != nil {
		return field.ErrorList{field.Invalid(fldPath, corev1.TolerationsAnnotationKey, err.Error())}
	}
	return validateTolerations(tolerations, fldPath.Child(corev1.TolerationsAnnotationKey))
}

// validateNodeSpecificAnnotations checks the taints and preferAvoidPods
// annotations of a node.
func validateNodeSpecificAnnotations(annotations map[string]string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if value := annotations[corev1.TaintsAnnotationKey]; value != "" {
		var taints []corev1.Taint
		if err := json.Unmarshal([]byte(value), &taints); err != nil {
			allErrs = append(allErrs, field.Invalid(fldPath, corev1.TaintsAnnotationKey, err.Error()))
		} else {
			allErrs = append(allErrs, validateNodeTaints(taints, fldPath.Child(corev1.TaintsAnnotationKey))...)
		}
	}
	if annotations[corev1.PreferAvoidPodsAnnotationKey] != "" {
		allErrs = append(allErrs, validateAvoidPodsInNodeAnnotations(annotations, fldPath)...)
	}
	return allErrs
}

// validateAvoidPodsInNodeAnnotations requires every entry to name its
// controlling owner; the capitalised paths are upstream's.
func validateAvoidPodsInNodeAnnotations(annotations map[string]string, fldPath *field.Path) field.ErrorList {
	avoids, err := schedulinghelper.GetAvoidPodsFromNodeAnnotations(annotations)
	if err != nil {
		return field.ErrorList{field.Invalid(fldPath.Child("AvoidPods"), corev1.PreferAvoidPodsAnnotationKey, err.Error())}
	}
	var allErrs field.ErrorList
	for i, entry := range avoids.PreferAvoidPods {
		idxPath := fldPath.Child(corev1.PreferAvoidPodsAnnotationKey).Index(i)
		controller := entry.PodSignature.PodController
		if controller == nil {
			allErrs = append(allErrs, field.Required(idxPath.Child("PodSignature"), ""))
			continue
		}
		if controller.Controller == nil || !*controller.Controller {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("PodSignature").Child("PodController").Child("Controller"), false, "must point to a controller"))
		}
	}
	return allErrs
}
