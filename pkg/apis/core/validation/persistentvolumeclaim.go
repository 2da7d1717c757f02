package validation

import (
	"fmt"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidatePersistentVolumeClaim checks a new persistent volume claim.
func ValidatePersistentVolumeClaim(pvc *corev1.PersistentVolumeClaim) field.ErrorList {
	allErrs := validateObjectMeta(&pvc.ObjectMeta, true, validatePersistentVolumeName, field.NewPath("metadata"))
	return append(allErrs, validatePersistentVolumeClaimSpec(&pvc.Spec, field.NewPath("spec"))...)
}

// validatePersistentVolumeClaimSpec checks the spec of a claim or of a claim template, whose data
// sources are checked with validateDataSource.
func validatePersistentVolumeClaimSpec(spec *corev1.PersistentVolumeClaimSpec, fldPath *field.Path) field.ErrorList {
	allErrs := validateAccessModes(spec.AccessModes, fldPath.Child("accessModes"), "at least 1 access mode is required")
	if spec.Selector != nil {
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(spec.Selector, metav1validation.LabelSelectorValidationOptions{}, fldPath.Child("selector"))...)
	}
	// The path is resources[storage], not resources.requests[storage], as upstream reports it.
	storagePath := fldPath.Child("resources").Key(string(corev1.ResourceStorage))
	if storage, ok := spec.Resources.Requests[corev1.ResourceStorage]; !ok {
		allErrs = append(allErrs, field.Required(storagePath, ""))
	} else if errs := validatePositiveQuantityValue(storage, storagePath); len(errs) > 0 {
		allErrs = append(allErrs, errs...)
	} else {
		allErrs = append(allErrs, validateResourceQuantityValue(corev1.ResourceStorage, storage, storagePath)...)
	}
	if spec.StorageClassName != nil && *spec.StorageClassName != "" {
		allErrs = append(allErrs, validateNameWith(validateClassName, *spec.StorageClassName, fldPath.Child("storageClassName"))...)
	}
	if spec.VolumeMode != nil && !supportedVolumeModes.Has(*spec.VolumeMode) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("volumeMode"), *spec.VolumeMode, []corev1.PersistentVolumeMode{corev1.PersistentVolumeBlock, corev1.PersistentVolumeFilesystem}))
	}
	if spec.DataSource != nil {
		allErrs = append(allErrs, validateDataSource(spec.DataSource.APIGroup, spec.DataSource.Kind, spec.DataSource.Name, fldPath.Child("dataSource"))...)
	}
	if ref := spec.DataSourceRef; ref != nil {
		refPath := fldPath.Child("dataSourceRef")
		allErrs = append(allErrs, validateDataSource(ref.APIGroup, ref.Kind, ref.Name, refPath)...)
		if ref.Namespace != nil && *ref.Namespace != "" {
			allErrs = append(allErrs, validateNameWith(validateNamespaceName, *ref.Namespace, refPath.Child("namespace"))...)
		}
	}
	if ref := spec.DataSourceRef; ref != nil && ref.Namespace != nil && *ref.Namespace != "" {
		if spec.DataSource != nil {
			allErrs = append(allErrs, field.Invalid(fldPath, fldPath.Child("dataSource"), "may not be specified when dataSourceRef.namespace is specified"))
		}
	} else if spec.DataSource != nil && ref != nil && !dataSourceMatchesRef(spec.DataSource, ref) {
		allErrs = append(allErrs, field.Invalid(fldPath, fldPath.Child("dataSource"), "must match dataSourceRef"))
	}
	if name := spec.VolumeAttributesClassName; name != nil && *name != "" {
		allErrs = append(allErrs, validateNameWith(validateClassName, *name, fldPath.Child("volumeAttributesClassName"))...)
	}
	return allErrs
}

// validateDataSource checks a dataSource or dataSourceRef: a core-group source can only be a claim.
func validateDataSource(apiGroup *string, kind, name string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	}
	if kind == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("kind"), ""))
	}
	group := ""
	if apiGroup != nil {
		group = *apiGroup
	}
	if group == "" && kind != "PersistentVolumeClaim" {
		allErrs = append(allErrs, field.Invalid(fldPath, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"))
	}
	if group != "" {
		allErrs = append(allErrs, validateDNS1123Subdomain(group, fldPath.Child("apiGroup"))...)
	}
	return allErrs
}

func dataSourceMatchesRef(source *corev1.TypedLocalObjectReference, ref *corev1.TypedObjectReference) bool {
	return apiequality.Semantic.DeepEqual(source.APIGroup, ref.APIGroup) && source.Kind == ref.Kind && source.Name == ref.Name
}

// ValidatePersistentVolumeClaimUpdate checks an update of a claim's spec, which is immutable except
// for binding it to a volume once, growing its storage request, changing its volume attributes class,
// and moving its storage class from the beta annotation to the field.
func ValidatePersistentVolumeClaimUpdate(newPVC, oldPVC *corev1.PersistentVolumeClaim) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newPVC.ObjectMeta, &oldPVC.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, ValidatePersistentVolumeClaim(newPVC)...)

	newSpec, oldSpec := newPVC.Spec.DeepCopy(), oldPVC.Spec.DeepCopy()
	if oldSpec.VolumeName == "" {
		oldSpec.VolumeName = newSpec.VolumeName
	}
	newClass, hasNewAnnotation := newPVC.Annotations[corev1.BetaStorageClassAnnotation]
	oldClass, hasOldAnnotation := oldPVC.Annotations[corev1.BetaStorageClassAnnotation]
	switch {
	case hasOldAnnotation && !hasNewAnnotation && oldSpec.StorageClassName == nil && newSpec.StorageClassName != nil && *newSpec.StorageClassName == oldClass:
		// The class moves from the annotation to the field.
		newSpec.StorageClassName = nil
	default:
		if newClass != oldClass {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("metadata").Child("annotations", corev1.BetaStorageClassAnnotation), "field is immutable"))
		}
		// A claim without any class may get one once, for the default class admission sets.
		if !hasOldAnnotation && oldSpec.StorageClassName == nil && newSpec.StorageClassName != nil && *newSpec.StorageClassName != "" {
			newSpec.StorageClassName = nil
		}
	}
	// A bound claim may be resized (how far down is checked below) and change its attributes class.
	if newPVC.Status.Phase == corev1.ClaimBound {
		if newSpec.Resources.Requests != nil {
			newSpec.Resources.Requests[corev1.ResourceStorage] = oldPVC.Spec.Resources.Requests[corev1.ResourceStorage]
		}
		newSpec.VolumeAttributesClassName = oldSpec.VolumeAttributesClassName
	}
	if !apiequality.Semantic.DeepEqual(newSpec, oldSpec) {
		diff := cmp.Diff(oldSpec, newSpec)
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec"), fmt.Sprintf("spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n%v", diff)))
	}

	oldSize := oldPVC.Spec.Resources.Requests[corev1.ResourceStorage]
	newSize := newPVC.Spec.Resources.Requests[corev1.ResourceStorage]
	statusSize := oldPVC.Status.Capacity[corev1.ResourceStorage]
	// Recovering from a failed expansion allows shrinking back down to, but not below, the capacity.
	if newSize.Cmp(oldSize) < 0 && newSize.Cmp(statusSize) <= 0 {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "resources", "requests", "storage"), "field can not be less than status.capacity"))
	}
	allErrs = append(allErrs, validateImmutableField(newPVC.Spec.VolumeMode, oldPVC.Spec.VolumeMode, field.NewPath("volumeMode"))...)

	if oldName := oldPVC.Spec.VolumeAttributesClassName; oldName != nil {
		if newName := newPVC.Spec.VolumeAttributesClassName; newName == nil {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "volumeAttributesClassName"), "update from non-nil value to nil is forbidden"))
		} else if *newName == "" && *oldName != "" {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "volumeAttributesClassName"), "update from non-nil value to an empty string is forbidden"))
		}
	}
	return allErrs
}

// ValidatePersistentVolumeClaimStatusUpdate checks a write of a claim's status.
func ValidatePersistentVolumeClaimStatusUpdate(newPVC, oldPVC *corev1.PersistentVolumeClaim) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newPVC.ObjectMeta, &oldPVC.ObjectMeta, field.NewPath("metadata"))
	if newPVC.ResourceVersion == "" {
		allErrs = append(allErrs, field.Required(field.NewPath("resourceVersion"), ""))
	}
	if len(newPVC.Spec.AccessModes) == 0 {
		allErrs = append(allErrs, field.Required(field.NewPath("Spec", "accessModes"), ""))
	}
	capPath := field.NewPath("status", "capacity")
	for name, quantity := range newPVC.Status.Capacity {
		allErrs = append(allErrs, validateBasicResource(quantity, capPath.Key(string(name)))...)
	}
	allocatedPath := field.NewPath("status", "allocatedResources")
	for name, quantity := range newPVC.Status.AllocatedResources {
		allErrs = append(allErrs, validateBasicResource(quantity, allocatedPath.Key(string(name)))...)
	}
	return allErrs
}
