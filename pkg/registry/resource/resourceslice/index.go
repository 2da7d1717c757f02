package resourceslice

import (
	"fmt"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"
)

// Matcher selects ResourceSlices by label and field. spec.nodeName is indexed, since every kubelet
// watches the slices of its own node with that selector.
func Matcher(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{
		Label:       label,
		Field:       field,
		GetAttrs:    GetAttrs,
		IndexFields: []string{resourcev1.ResourceSliceSelectorNodeName},
	}
}

// NodeNameTriggerFunc returns the spec.nodeName the watch cache dispatches slice events by.
func NodeNameTriggerFunc(obj runtime.Object) string {
	return ptr.Deref(obj.(*resourcev1.ResourceSlice).Spec.NodeName, "")
}

// Indexers returns the watch cache indexers of ResourceSlices: by spec.nodeName, empty for slices
// that are not for one node.
func Indexers() *cache.Indexers {
	return &cache.Indexers{storage.FieldIndex(resourcev1.ResourceSliceSelectorNodeName): func(obj interface{}) ([]string, error) {
		slice, ok := obj.(*resourcev1.ResourceSlice)
		if !ok {
			return nil, fmt.Errorf("not a ResourceSlice: %T", obj)
		}
		return []string{ptr.Deref(slice.Spec.NodeName, "")}, nil
	}}
}
