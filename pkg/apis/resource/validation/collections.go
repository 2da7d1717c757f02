package validation

import (
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// sizeLimit caps the length of a list or map. A list that is too long is not looked into, so that
// a huge list costs no more than a count. Where the declarative validation reports the excess
// (declared), the hand-written checks stay silent about it but still skip the items, as
// kube-apiserver does.
type sizeLimit struct {
	max      int
	declared bool
}

var noLimit = sizeLimit{}

// maxItems is a limit that these checks report themselves.
func maxItems(n int) sizeLimit { return sizeLimit{max: n} }

// declaredMaxItems is a limit that the declarative validation reports.
func declaredMaxItems(n int) sizeLimit { return sizeLimit{max: n, declared: true} }

// exceeded reports whether n items are over the limit, and the error to report for it, if any.
func (l sizeLimit) exceeded(n int, fldPath *field.Path) (bool, field.ErrorList) {
	if l.max == 0 || n <= l.max {
		return false, nil
	}
	if l.declared {
		return true, nil
	}
	return true, field.ErrorList{field.TooMany(fldPath, n, l.max).WithOrigin("maxItems")}
}

// validateEach validates every item of a list at its index, within limit.
func validateEach[T any](items []T, limit sizeLimit, validateItem func(T, *field.Path) field.ErrorList, fldPath *field.Path) field.ErrorList {
	if over, errs := limit.exceeded(len(items), fldPath); over {
		return errs
	}
	var allErrs field.ErrorList
	for i, item := range items {
		allErrs = append(allErrs, validateItem(item, fldPath.Index(i))...)
	}
	return allErrs
}

// validateUnique is validateEach for a list whose items must also have distinct keys; the second
// item with a key is reported as a duplicate.
func validateUnique[T any, K comparable](items []T, limit sizeLimit, validateItem func(T, *field.Path) field.ErrorList, key func(T) K, fldPath *field.Path) field.ErrorList {
	if over, errs := limit.exceeded(len(items), fldPath); over {
		return errs
	}
	allErrs := validateEach(items, noLimit, validateItem, fldPath)
	seen := sets.New[K]()
	for i, item := range items {
		k := key(item)
		if seen.Has(k) {
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), k))
		}
		seen.Insert(k)
	}
	return allErrs
}

// validateMap validates the keys and values of a map within limit (whose excess these checks
// report without an origin). Keys are checked at the map's path, values at their key, shortened
// to keyLen.
func validateMap[K ~string, V any](m map[K]V, limit sizeLimit, keyLen int, validateKey func(K, *field.Path) field.ErrorList, validateValue func(V, *field.Path) field.ErrorList, fldPath *field.Path) field.ErrorList {
	if limit.max > 0 && len(m) > limit.max {
		return field.ErrorList{field.TooMany(fldPath, len(m), limit.max)}
	}
	var allErrs field.ErrorList
	for key, value := range m {
		if validateKey != nil {
			allErrs = append(allErrs, validateKey(key, fldPath)...)
		}
		if validateValue != nil {
			allErrs = append(allErrs, validateValue(value, fldPath.Key(truncateKey(string(key), keyLen)))...)
		}
	}
	return allErrs
}
