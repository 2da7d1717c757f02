// Package defaultclass picks the default among the classes an administrator marked as default, the
// way kube-apiserver's DefaultStorageClass and DefaultIngressClass plugins do since v1.28: several
// marked classes are not an error, the newest wins, so that a new default can be rolled out before
// the old one is unmarked.
package defaultclass

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Newest returns the newest class for which isDefault holds, the first by name among those created
// in the same instant, and false when no class is marked.
func Newest[T metav1.Object](classes []T, isDefault func(T) bool) (T, bool) {
	var best T
	found := false
	for _, c := range classes {
		if !isDefault(c) {
			continue
		}
		if !found || newer(c, best) {
			best, found = c, true
		}
	}
	return best, found
}

func newer(a, b metav1.Object) bool {
	at, bt := a.GetCreationTimestamp().UnixNano(), b.GetCreationTimestamp().UnixNano()
	if at != bt {
		return at > bt
	}
	return a.GetName() < b.GetName()
}
