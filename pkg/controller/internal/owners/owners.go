// Package owners finds, for the event handlers of the workload controllers, the controller objects
// a pod, ReplicaSet or revision concerns: the one that owns it, or for an orphan those whose
// selector may adopt it.
package owners

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Lookup finds owners of one kind through their lister.
type Lookup[T metav1.Object] struct {
	Kind schema.GroupVersionKind
	// Get returns the owner called name in namespace.
	Get func(namespace, name string) (T, error)
	// List returns the owners of namespace.
	List func(namespace string) ([]T, error)
	// Selector returns an owner's selector.
	Selector func(T) *metav1.LabelSelector
}

// ControllerOf returns obj's controller, when it is of the kind and still has the UID obj names.
func (l Lookup[T]) ControllerOf(obj metav1.Object) (T, bool) {
	ref := metav1.GetControllerOfNoCopy(obj)
	if ref == nil {
		var none T
		return none, false
	}
	return l.Resolve(obj.GetNamespace(), ref)
}

// Resolve returns the owner ref names in namespace, when it is of the kind and still has the UID
// ref names.
func (l Lookup[T]) Resolve(namespace string, ref *metav1.OwnerReference) (T, bool) {
	var none T
	if ref.Kind != l.Kind.Kind {
		return none, false
	}
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil || gv.Group != l.Kind.Group {
		return none, false
	}
	owner, err := l.Get(namespace, ref.Name)
	if err != nil || owner.GetUID() != ref.UID {
		return none, false
	}
	return owner, true
}

// Selecting returns the owners in obj's namespace whose selector, not empty, matches obj.
func (l Lookup[T]) Selecting(obj metav1.Object) []T {
	all, err := l.List(obj.GetNamespace())
	if err != nil {
		return nil
	}
	var matching []T
	for _, owner := range all {
		selector, err := metav1.LabelSelectorAsSelector(l.Selector(owner))
		if err == nil && !selector.Empty() && selector.Matches(labels.Set(obj.GetLabels())) {
			matching = append(matching, owner)
		}
	}
	return matching
}

// Concerned returns the owners a change of obj concerns: its controller, or for an orphan those
// that may adopt it.
func (l Lookup[T]) Concerned(obj metav1.Object) []T {
	if metav1.GetControllerOfNoCopy(obj) != nil {
		if owner, ok := l.ControllerOf(obj); ok {
			return []T{owner}
		}
		return nil
	}
	return l.Selecting(obj)
}
