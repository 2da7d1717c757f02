// Package protection is what the pvc-protection and pv-protection controllers share: both keep a
// protection finalizer on every object of their kind and take it off an object being deleted once
// nothing uses the object any more.
package protection

import (
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Change is what a controller must do to the finalizers of obj, protected by finalizer, given
// whether the object is still in use: add the finalizer, remove it, or nothing (false).
func Change(obj metav1.Object, finalizer string, inUse func() (bool, error)) (finalizers []string, change bool, err error) {
	has := slices.Contains(obj.GetFinalizers(), finalizer)
	if obj.GetDeletionTimestamp() == nil {
		// Objects created while the admission plugin was off get the finalizer late.
		if has {
			return nil, false, nil
		}
		return append(slices.Clone(obj.GetFinalizers()), finalizer), true, nil
	}
	if !has {
		return nil, false, nil
	}
	used, err := inUse()
	if err != nil || used {
		return nil, false, err
	}
	return slices.DeleteFunc(slices.Clone(obj.GetFinalizers()), func(f string) bool { return f == finalizer }), true, nil
}
