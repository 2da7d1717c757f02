package validation

import (
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	maxParametersSize  = 256 * (1 << 10)
	maxParametersCount = 512
)

var (
	validateClassName      = apimachineryvalidation.NameIsDNSSubdomain
	supportedReclaimPolicy = sets.New(string(corev1.PersistentVolumeReclaimDelete), string(corev1.PersistentVolumeReclaimRetain))
	supportedBindingModes  = sets.New(string(storagev1.VolumeBindingImmediate), string(storagev1.VolumeBindingWaitForFirstConsumer))
)

// ValidateStorageClass checks a new StorageClass.
func ValidateStorageClass(sc *storagev1.StorageClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&sc.ObjectMeta, false, validateClassName, field.NewPath("metadata"))
	allErrs = append(allErrs, validateProvisioner(sc.Provisioner, field.NewPath("provisioner"))...)
	allErrs = append(allErrs, validateParameters(sc.Parameters, true, field.NewPath("parameters"))...)
	allErrs = append(allErrs, validateReclaimPolicy(sc.ReclaimPolicy, field.NewPath("reclaimPolicy"))...)
	allErrs = append(allErrs, validateVolumeBindingMode(sc.VolumeBindingMode, field.NewPath("volumeBindingMode"))...)
	return append(allErrs, validateAllowedTopologies(sc.AllowedTopologies, field.NewPath("allowedTopologies"))...)
}

// ValidateStorageClassUpdate checks an update of a StorageClass: what the provisioner was told
// when it made volumes of the class (provisioner, parameters, reclaim policy, binding mode) is fixed.
func ValidateStorageClassUpdate(sc, old *storagev1.StorageClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&sc.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	if !reflect.DeepEqual(old.Parameters, sc.Parameters) {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("parameters"), "updates to parameters are forbidden."))
	}
	if sc.Provisioner != old.Provisioner {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("provisioner"), "updates to provisioner are forbidden."))
	}
	if !apiequality.Semantic.DeepEqual(sc.ReclaimPolicy, old.ReclaimPolicy) {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("reclaimPolicy"), "updates to reclaimPolicy are forbidden."))
	}
	return append(allErrs, apimachineryvalidation.ValidateImmutableField(sc.VolumeBindingMode, old.VolumeBindingMode, field.NewPath("volumeBindingMode"))...)
}

// validateProvisioner requires a provisioner (or driver) name that, lowercased, is a qualified name.
func validateProvisioner(provisioner string, fldPath *field.Path) field.ErrorList {
	if provisioner == "" {
		return field.ErrorList{field.Required(fldPath, provisioner)}
	}
	return corevalidation.ValidateQualifiedName(strings.ToLower(provisioner), fldPath)
}

// validateParameters bounds the parameters handed to a provisioner or driver: at most 512 keys, none
// empty, 256 KiB in all; allowEmpty says whether no parameters at all is fine.
func validateParameters(params map[string]string, allowEmpty bool, fldPath *field.Path) field.ErrorList {
	if len(params) > maxParametersCount {
		return field.ErrorList{field.TooLong(fldPath, "", maxParametersCount)}
	}
	var allErrs field.ErrorList
	var size int64
	for k, v := range params {
		if k == "" {
			allErrs = append(allErrs, field.Invalid(fldPath, k, "field can not be empty."))
		}
		size += int64(len(k)) + int64(len(v))
	}
	if size > maxParametersSize {
		allErrs = append(allErrs, field.TooLong(fldPath, "", maxParametersSize))
	}
	if !allowEmpty && len(params) == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "must contain at least one key/value pair"))
	}
	return allErrs
}

// validateReclaimPolicy allows Delete and Retain; Recycle is for statically made volumes only.
func validateReclaimPolicy(policy *corev1.PersistentVolumeReclaimPolicy, fldPath *field.Path) field.ErrorList {
	if policy == nil || *policy == "" || supportedReclaimPolicy.Has(string(*policy)) {
		return nil
	}
	return field.ErrorList{field.NotSupported(fldPath, *policy, sets.List(supportedReclaimPolicy))}
}

func validateVolumeBindingMode(mode *storagev1.VolumeBindingMode, fldPath *field.Path) field.ErrorList {
	switch {
	case mode == nil:
		return field.ErrorList{field.Required(fldPath, "")}
	case !supportedBindingModes.Has(string(*mode)):
		return field.ErrorList{field.NotSupported(fldPath, *mode, sets.List(supportedBindingModes))}
	}
	return nil
}

// validateAllowedTopologies checks each term and reports a term that repeats an earlier one.
func validateAllowedTopologies(terms []corev1.TopologySelectorTerm, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	var seen []map[string]sets.Set[string]
	for i, term := range terms {
		idxPath := fldPath.Index(i)
		byKey, errs := corevalidation.ValidateTopologySelectorTerm(term, idxPath)
		allErrs = append(allErrs, errs...)
		for _, earlier := range seen {
			if apiequality.Semantic.DeepEqual(byKey, earlier) {
				allErrs = append(allErrs, field.Duplicate(idxPath.Child("matchLabelExpressions"), ""))
			}
		}
		seen = append(seen, byKey)
	}
	return allErrs
}
