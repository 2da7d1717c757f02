package basestrategy

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"
)

// Attrs returns the AttrFunc of objects of type T: their labels, and the fields selectable returns.
// noun names the type in the error for an object of another type.
func Attrs[T interface {
	runtime.Object
	metav1.Object
}](noun string, selectable func(T) fields.Set) storage.AttrFunc {
	return func(obj runtime.Object) (labels.Set, fields.Set, error) {
		o, ok := obj.(T)
		if !ok {
			return nil, nil, fmt.Errorf("not %s: %T", noun, obj)
		}
		return labels.Set(o.GetLabels()), selectable(o), nil
	}
}
