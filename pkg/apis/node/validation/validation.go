// Package validation checks node.k8s.io/v1 RuntimeClasses the way kube-apiserver does, with the same
// field paths, error types and messages.
package validation

import (
	nodev1 "k8s.io/api/node/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// RuntimeClass fields sit at the top level of the object, so their paths have no "spec".
var (
	metadataPath   = field.NewPath("metadata")
	handlerPath    = field.NewPath("handler")
	overheadPath   = field.NewPath("overhead")
	schedulingPath = field.NewPath("scheduling")
)

// ValidateRuntimeClass checks a RuntimeClass, new or updated. The handler names a CRI configuration,
// so it must be a DNS label.
func ValidateRuntimeClass(rc *nodev1.RuntimeClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&rc.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, metadataPath)
	allErrs = append(allErrs, corevalidation.ValidateNameWith(apimachineryvalidation.NameIsDNSLabel, rc.Handler, handlerPath)...)
	if rc.Overhead != nil {
		allErrs = append(allErrs, corevalidation.ValidatePodFixedOverhead(rc.Overhead.PodFixed, overheadPath)...)
	}
	if rc.Scheduling != nil {
		if rc.Scheduling.NodeSelector != nil {
			allErrs = append(allErrs, metav1validation.ValidateLabels(rc.Scheduling.NodeSelector, schedulingPath.Child("nodeSelector"))...)
		}
		allErrs = append(allErrs, corevalidation.ValidateTolerations(rc.Scheduling.Tolerations, schedulingPath.Child("tolerations"))...)
	}
	return allErrs
}

// ValidateRuntimeClassUpdate checks the change an update makes: the handler is immutable.
func ValidateRuntimeClassUpdate(rc, oldRC *nodev1.RuntimeClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&rc.ObjectMeta, &oldRC.ObjectMeta, metadataPath)
	return append(allErrs, apimachineryvalidation.ValidateImmutableField(rc.Handler, oldRC.Handler, handlerPath)...)
}
