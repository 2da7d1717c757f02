// Package validation checks storagemigration.k8s.io/v1 StorageVersionMigrations the way
// kube-apiserver does, with the same field paths, error types and messages.
package validation

import (
	"fmt"
	"strconv"

	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var (
	metadataPath        = field.NewPath("metadata")
	statusPath          = field.NewPath("status")
	conditionsPath      = statusPath.Child("conditions")
	resourceVersionPath = statusPath.Child("resourceVersion")
)

// ValidateStorageVersionMigration checks a StorageVersionMigration, new or updated: it must name the
// resource to migrate.
func ValidateStorageVersionMigration(svm *storagemigrationv1.StorageVersionMigration) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&svm.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, metadataPath)
	if svm.Spec.Resource.Resource == "" {
		allErrs = append(allErrs, field.Required(field.NewPath("spec", "resource", "resource"), "resource is required"))
	}
	return allErrs
}

// ValidateStorageVersionMigrationUpdate checks an update: the resource is immutable. Upstream reports
// these errors at the top-level paths "group" and "resource", not under spec.
func ValidateStorageVersionMigrationUpdate(svm, oldSVM *storagemigrationv1.StorageVersionMigration) field.ErrorList {
	allErrs := ValidateStorageVersionMigration(svm)
	allErrs = append(allErrs, corevalidation.ValidateObjectMetaUpdate(&svm.ObjectMeta, &oldSVM.ObjectMeta, metadataPath)...)
	if svm.Spec.Resource.Group != oldSVM.Spec.Resource.Group {
		allErrs = append(allErrs, field.Invalid(field.NewPath("group"), svm.Spec.Resource.Group, apimachineryvalidation.FieldImmutableErrorMsg))
	}
	if svm.Spec.Resource.Resource != oldSVM.Spec.Resource.Resource {
		allErrs = append(allErrs, field.Invalid(field.NewPath("resource"), svm.Spec.Resource.Resource, apimachineryvalidation.FieldImmutableErrorMsg))
	}
	return allErrs
}

// ValidateStorageVersionMigrationStatusUpdate checks a status write by the migrator: the resource
// version, once set, stays; Succeeded and Failed are final and exclusive, and end Running.
func ValidateStorageVersionMigrationStatusUpdate(svm, oldSVM *storagemigrationv1.StorageVersionMigration) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&svm.ObjectMeta, &oldSVM.ObjectMeta, metadataPath)
	rv := svm.Status.ResourceVersion
	var rvInt int64
	if rv != "" {
		var err error
		if rvInt, err = strconv.ParseInt(rv, 10, 64); err != nil {
			allErrs = append(allErrs, field.Invalid(resourceVersionPath, rv, fmt.Errorf("failed to parse resource version %q: %w", rv, err).Error()))
		}
	}
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(rvInt, resourceVersionPath)...)
	allErrs = append(allErrs, metav1validation.ValidateConditions(svm.Status.Conditions, conditionsPath)...)
	if oldSVM.Status.ResourceVersion != "" && oldSVM.Status.ResourceVersion != rv {
		allErrs = append(allErrs, field.Invalid(resourceVersionPath, rv, apimachineryvalidation.FieldImmutableErrorMsg))
	}

	conditions := svm.Status.Conditions
	succeeded, failed, running := isTrue(svm, storagemigrationv1.MigrationSucceeded), isTrue(svm, storagemigrationv1.MigrationFailed), isTrue(svm, storagemigrationv1.MigrationRunning)
	if succeeded && failed {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "Both success and failed conditions cannot be true at the same time"))
	}
	if succeeded && running {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "Running condition cannot be true when success condition is true"))
	}
	if failed && running {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "Running condition cannot be true when failed condition is true"))
	}
	if isTrue(oldSVM, storagemigrationv1.MigrationSucceeded) && !succeeded {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "Success condition cannot be set to false once it is true"))
	}
	if isTrue(oldSVM, storagemigrationv1.MigrationFailed) && !failed {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "Failed condition cannot be set to false once it is true"))
	}
	return allErrs
}

func isTrue(svm *storagemigrationv1.StorageVersionMigration, t storagemigrationv1.MigrationConditionType) bool {
	return meta.IsStatusConditionTrue(svm.Status.Conditions, string(t))
}
