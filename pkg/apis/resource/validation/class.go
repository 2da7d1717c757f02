package validation

import (
	resourcev1 "k8s.io/api/resource/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// anyName accepts every name: a DeviceClass name is checked declaratively.
func anyName(string, bool) []string { return nil }

// ValidateDeviceClass checks a new DeviceClass.
func ValidateDeviceClass(class *resourcev1.DeviceClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&class.ObjectMeta, false, anyName, field.NewPath("metadata"))
	return append(allErrs, validateDeviceClassSpec(&class.Spec, nil, field.NewPath("spec"))...)
}

// ValidateDeviceClassUpdate checks an update of a DeviceClass.
func ValidateDeviceClassUpdate(class, old *resourcev1.DeviceClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&class.ObjectMeta, false, anyName, field.NewPath("metadata"))
	allErrs = append(allErrs, corevalidation.ValidateObjectMetaUpdate(&class.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))...)
	return append(allErrs, validateDeviceClassSpec(&class.Spec, &old.Spec, field.NewPath("spec"))...)
}

// validateDeviceClassSpec checks selectors and configuration. Selectors (and configuration)
// identical to the stored ones count as stored: any change, even reordering, makes them new.
func validateDeviceClassSpec(spec, old *resourcev1.DeviceClassSpec, fldPath *field.Path) field.ErrorList {
	storedSelectors := old != nil && apiequality.Semantic.DeepEqual(spec.Selectors, old.Selectors)
	storedConfig := old != nil && apiequality.Semantic.DeepEqual(spec.Config, old.Config)
	allErrs := validateSelectors(spec.Selectors, storedSelectors, fldPath.Child("selectors"))
	return append(allErrs, validateEach(spec.Config, declaredMaxItems(resourcev1.DeviceConfigMaxSize), func(c resourcev1.DeviceClassConfiguration, p *field.Path) field.ErrorList {
		return validateDeviceConfiguration(c.DeviceConfiguration, storedConfig, p)
	}, fldPath.Child("config"))...)
}
