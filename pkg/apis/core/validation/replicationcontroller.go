package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateReplicationController validates a ReplicationController on create.
func ValidateReplicationController(rc *corev1.ReplicationController) field.ErrorList {
	allErrs := validateObjectMeta(&rc.ObjectMeta, true, validateReplicationControllerName, field.NewPath("metadata"))
	return append(allErrs, validateReplicationControllerSpec(&rc.Spec, field.NewPath("spec"))...)
}

// ValidateReplicationControllerUpdate validates an update of a
// ReplicationController's metadata and spec.
func ValidateReplicationControllerUpdate(newRC, oldRC *corev1.ReplicationController) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newRC.ObjectMeta, &oldRC.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, validateReplicationControllerSpec(&newRC.Spec, field.NewPath("spec"))...)
}

// ValidateReplicationControllerStatusUpdate validates an update through the
// status subresource: counts are non-negative and no subset exceeds the
// replicas it is part of.
func ValidateReplicationControllerStatusUpdate(newRC, oldRC *corev1.ReplicationController) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newRC.ObjectMeta, &oldRC.ObjectMeta, field.NewPath("metadata"))
	status := newRC.Status
	statusPath := field.NewPath("status")
	allErrs = append(allErrs, validateNonnegativeField(int64(status.Replicas), statusPath.Child("replicas"))...)
	allErrs = append(allErrs, validateNonnegativeField(int64(status.FullyLabeledReplicas), statusPath.Child("fullyLabeledReplicas"))...)
	allErrs = append(allErrs, validateNonnegativeField(int64(status.ReadyReplicas), statusPath.Child("readyReplicas"))...)
	allErrs = append(allErrs, validateNonnegativeField(int64(status.AvailableReplicas), statusPath.Child("availableReplicas"))...)
	allErrs = append(allErrs, validateNonnegativeField(status.ObservedGeneration, statusPath.Child("observedGeneration"))...)
	const msg = "cannot be greater than status.replicas"
	if status.FullyLabeledReplicas > status.Replicas {
		allErrs = append(allErrs, field.Invalid(statusPath.Child("fullyLabeledReplicas"), status.FullyLabeledReplicas, msg))
	}
	if status.ReadyReplicas > status.Replicas {
		allErrs = append(allErrs, field.Invalid(statusPath.Child("readyReplicas"), status.ReadyReplicas, msg))
	}
	if status.AvailableReplicas > status.Replicas {
		allErrs = append(allErrs, field.Invalid(statusPath.Child("availableReplicas"), status.AvailableReplicas, msg))
	}
	if status.AvailableReplicas > status.ReadyReplicas {
		allErrs = append(allErrs, field.Invalid(statusPath.Child("availableReplicas"), status.AvailableReplicas, "cannot be greater than readyReplicas"))
	}
	return allErrs
}

func validateReplicationControllerSpec(spec *corev1.ReplicationControllerSpec, fldPath *field.Path) field.ErrorList {
	// An unset replicas converts to 0 upstream.
	var replicas int32
	if spec.Replicas != nil {
		replicas = *spec.Replicas
	}
	var allErrs field.ErrorList
	allErrs = append(allErrs, validateNonnegativeField(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))...)
	if labels.Set(spec.Selector).AsSelector().Empty() {
		allErrs = append(allErrs, field.Required(fldPath.Child("selector"), ""))
	}
	allErrs = append(allErrs, validateNonnegativeField(int64(replicas), fldPath.Child("replicas"))...)
	return append(allErrs, validatePodTemplateSpecForRC(spec.Template, spec.Selector, fldPath.Child("template"))...)
}

// validatePodTemplateSpecForRC validates the template as a pod template and
// requires it to carry the selector's labels and restart always.
func validatePodTemplateSpecForRC(template *corev1.PodTemplateSpec, selectorMap map[string]string, fldPath *field.Path) field.ErrorList {
	if template == nil {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	var allErrs field.ErrorList
	if selector := labels.Set(selectorMap).AsSelector(); !selector.Empty() && !selector.Matches(labels.Set(template.Labels)) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("metadata", "labels"), template.Labels, "`selector` does not match template `labels`"))
	}
	allErrs = append(allErrs, ValidatePodTemplateSpec(template, fldPath)...)
	if template.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("spec", "restartPolicy"), template.Spec.RestartPolicy, []corev1.RestartPolicy{corev1.RestartPolicyAlways}))
	}
	if template.Spec.ActiveDeadlineSeconds != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicationController is not Supported"))
	}
	return allErrs
}
