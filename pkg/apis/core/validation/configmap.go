package validation

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	// The package-level ptr helper of this package's tests takes the plain name.
	utilptr "k8s.io/utils/ptr"
)

// maxConfigDataSize is upstream's limit on the payload of a Secret or a ConfigMap, so that one object
// never exceeds what etcd accepts in a request.
const maxConfigDataSize = 1 * 1024 * 1024

// immutableWhenSetMsg is upstream's detail for writes to a ConfigMap or Secret marked immutable.
const immutableWhenSetMsg = "field is immutable when `immutable` is set"

// ValidateConfigMap checks a new config map: its keys and total size.
func ValidateConfigMap(cm *corev1.ConfigMap) field.ErrorList {
	allErrs := validateObjectMeta(&cm.ObjectMeta, true, validateConfigMapName, field.NewPath("metadata"))
	dataPath := field.NewPath("data")
	totalSize := 0
	for key, value := range cm.Data {
		allErrs = append(allErrs, validateConfigMapKey(key, dataPath.Key(key))...)
		if _, dup := cm.BinaryData[key]; dup {
			allErrs = append(allErrs, field.Invalid(dataPath.Key(key), key, "duplicate of key present in binaryData"))
		}
		totalSize += len(value)
	}
	binaryPath := field.NewPath("binaryData")
	for key, value := range cm.BinaryData {
		allErrs = append(allErrs, validateConfigMapKey(key, binaryPath.Key(key))...)
		totalSize += len(value)
	}
	if totalSize > maxConfigDataSize {
		// An empty path: the limit is on the object as a whole.
		allErrs = append(allErrs, field.TooLong(field.NewPath(""), "", maxConfigDataSize))
	}
	return allErrs
}

// ValidateConfigMapUpdate checks an update of a config map; an immutable one keeps its data.
func ValidateConfigMapUpdate(newCM, oldCM *corev1.ConfigMap) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newCM.ObjectMeta, &oldCM.ObjectMeta, field.NewPath("metadata"))
	if utilptr.Deref(oldCM.Immutable, false) {
		if !utilptr.Deref(newCM.Immutable, false) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("immutable"), immutableWhenSetMsg))
		}
		if !reflect.DeepEqual(newCM.Data, oldCM.Data) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("data"), immutableWhenSetMsg))
		}
		if !reflect.DeepEqual(newCM.BinaryData, oldCM.BinaryData) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("binaryData"), immutableWhenSetMsg))
		}
	}
	return append(allErrs, ValidateConfigMap(newCM)...)
}

// validateConfigMapKey checks a key of a ConfigMap's or Secret's data; the key itself is the bad value.
func validateConfigMapKey(key string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsConfigMapKey(key) {
		allErrs = append(allErrs, field.Invalid(fldPath, key, msg))
	}
	return allErrs
}
