package validation

import (
	"reflect"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateVolumeAttributesClass checks a VolumeAttributesClass: a driver name like a provisioner's,
// and at least one parameter.
func ValidateVolumeAttributesClass(vac *storagev1.VolumeAttributesClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&vac.ObjectMeta, false, validateClassName, field.NewPath("metadata"))
	allErrs = append(allErrs, validateProvisioner(vac.DriverName, field.NewPath("driverName"))...)
	return append(allErrs, validateParameters(vac.Parameters, false, field.NewPath("parameters"))...)
}

// ValidateVolumeAttributesClassUpdate checks an update of a VolumeAttributesClass, whose driver and
// parameters, already applied to volumes, are fixed.
func ValidateVolumeAttributesClassUpdate(vac, old *storagev1.VolumeAttributesClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&vac.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	if vac.DriverName != old.DriverName {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("driverName"), "updates to driverName are forbidden."))
	}
	if !reflect.DeepEqual(old.Parameters, vac.Parameters) {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("parameters"), "updates to parameters are forbidden."))
	}
	return append(allErrs, ValidateVolumeAttributesClass(vac)...)
}
