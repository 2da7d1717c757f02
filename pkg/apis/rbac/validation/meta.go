package validation

import (
	"strings"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateRBACName is upstream's deliberately loose name rule for roles and bindings: any name that can
// be a path segment, so that names like "system:node" are allowed.
func ValidateRBACName(name string, prefix bool) []string {
	return path.IsValidPathSegmentName(name)
}

// standardFinalizers are the unqualified finalizer names kube-apiserver accepts on built-in types.
var standardFinalizers = sets.New("kubernetes", metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents)

// validateObjectMeta is the metadata check every built-in type gets: apimachinery's, plus the rule
// that a finalizer is either standard or domain-qualified.
func validateObjectMeta(meta *metav1.ObjectMeta, namespaced bool) field.ErrorList {
	fldPath := field.NewPath("metadata")
	allErrs := apimachineryvalidation.ValidateObjectMeta(meta, namespaced, ValidateRBACName, fldPath)
	return append(allErrs, validateFinalizers(meta.Finalizers, fldPath.Child("finalizers"))...)
}

func validateObjectMetaUpdate(newMeta, oldMeta *metav1.ObjectMeta) field.ErrorList {
	fldPath := field.NewPath("metadata")
	allErrs := apimachineryvalidation.ValidateObjectMetaUpdate(newMeta, oldMeta, fldPath)
	return append(allErrs, validateFinalizers(newMeta.Finalizers, fldPath.Child("finalizers"))...)
}

func validateFinalizers(finalizers []string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, name := range finalizers {
		if !strings.Contains(name, "/") && !standardFinalizers.Has(name) {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i), name, "name is neither a standard finalizer name nor is it fully qualified"))
		}
	}
	return allErrs
}
