// Package validation checks scheduling.k8s.io/v1 PriorityClasses the way kube-apiserver does, with
// the same field paths, error types and messages, and holds the system classes those rules protect.
package validation

import (
	"fmt"
	"strings"

	schedulingv1 "k8s.io/api/scheduling/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var (
	metadataPath   = field.NewPath("metadata")
	valuePath      = field.NewPath("value")
	preemptionPath = field.NewPath("preemptionPolicy")
)

// ValidatePriorityClass checks a new PriorityClass: a system- name must be one of the system classes
// exactly, and any other class stays at or below HighestUserDefinablePriority.
func ValidatePriorityClass(pc *schedulingv1.PriorityClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&pc.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, metadataPath)
	if strings.HasPrefix(pc.Name, SystemPriorityClassPrefix) {
		if err := knownSystemPriorityClass(pc.Name, pc.Value, pc.GlobalDefault); err != nil {
			allErrs = append(allErrs, field.Forbidden(metadataPath.Child("name"),
				"priority class names with '"+SystemPriorityClassPrefix+"' prefix are reserved for system use only. error: "+err.Error()))
		}
	} else if pc.Value > HighestUserDefinablePriority {
		allErrs = append(allErrs, field.Forbidden(valuePath, fmt.Sprintf("maximum allowed value of a user defined priority is %v", HighestUserDefinablePriority)))
	}
	if pc.PreemptionPolicy != nil {
		allErrs = append(allErrs, corevalidation.ValidatePreemptionPolicy(*pc.PreemptionPolicy, preemptionPath)...)
	}
	return allErrs
}

// ValidatePriorityClassUpdate checks an update: the value and the preemption policy are immutable,
// since pods copied them when they were admitted.
func ValidatePriorityClassUpdate(pc, oldPC *schedulingv1.PriorityClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&pc.ObjectMeta, &oldPC.ObjectMeta, metadataPath)
	if pc.Value != oldPC.Value {
		allErrs = append(allErrs, field.Forbidden(valuePath, "may not be changed in an update."))
	}
	return append(allErrs, apimachineryvalidation.ValidateImmutableField(pc.PreemptionPolicy, oldPC.PreemptionPolicy, preemptionPath)...)
}
