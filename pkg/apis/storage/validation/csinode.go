package validation

import (
	"fmt"

	storagev1 "k8s.io/api/storage/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// maxCSINodeIDLength is the longest node ID a driver may report.
const maxCSINodeIDLength = 256

// ValidateCSINode checks a CSINode, new or updated: it is named after its node, and lists each
// driver once.
func ValidateCSINode(n *storagev1.CSINode) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&n.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	driversPath := field.NewPath("spec", "drivers")
	names := sets.New[string]()
	for i, d := range n.Spec.Drivers {
		allErrs = append(allErrs, validateCSINodeDriver(d, names, driversPath.Index(i))...)
	}
	return allErrs
}

// ValidateCSINodeUpdate checks an update of a CSINode. A registered driver's entry is fixed but for
// its allocatable count, which kubelet refreshes.
func ValidateCSINodeUpdate(n, old *storagev1.CSINode) field.ErrorList {
	allErrs := ValidateCSINode(n)
	for _, oldDriver := range old.Spec.Drivers {
		for _, d := range n.Spec.Drivers {
			if d.Name != oldDriver.Name {
				continue
			}
			d, oldDriver := d, oldDriver
			d.Allocatable, oldDriver.Allocatable = nil, nil
			if !apiequality.Semantic.DeepEqual(d, oldDriver) {
				allErrs = append(allErrs, field.Invalid(field.NewPath("spec", "drivers"), corevalidation.InternalShape(d), apimachineryvalidation.FieldImmutableErrorMsg))
			}
		}
	}
	return allErrs
}

func validateCSINodeDriver(d storagev1.CSINodeDriver, names sets.Set[string], fldPath *field.Path) field.ErrorList {
	allErrs := corevalidation.ValidateCSIDriverName(d.Name, fldPath.Child("name"))
	allErrs = append(allErrs, validateNodeID(d.NodeID, fldPath.Child("nodeID"))...)
	if d.Allocatable != nil && d.Allocatable.Count != nil {
		allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(*d.Allocatable.Count), fldPath.Child("allocatable", "count"))...)
	}
	if names.Has(d.Name) {
		allErrs = append(allErrs, field.Duplicate(fldPath.Child("name"), d.Name))
	}
	names.Insert(d.Name)

	keys := sets.New[string]()
	for _, key := range d.TopologyKeys {
		if key == "" {
			allErrs = append(allErrs, field.Required(fldPath, key))
		}
		if keys.Has(key) {
			allErrs = append(allErrs, field.Duplicate(fldPath, key))
		}
		keys.Insert(key)
		allErrs = append(allErrs, corevalidation.ValidateQualifiedName(key, fldPath)...)
	}
	return allErrs
}

func validateNodeID(id string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if id == "" {
		allErrs = append(allErrs, field.Required(fldPath, id))
	}
	if len(id) > maxCSINodeIDLength {
		allErrs = append(allErrs, field.Invalid(fldPath, id, fmt.Sprintf("must be %d characters or less", maxCSINodeIDLength)))
	}
	return allErrs
}
