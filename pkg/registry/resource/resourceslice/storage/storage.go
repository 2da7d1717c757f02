// Package storage wires resource.k8s.io/v1 ResourceSlices to etcd.
package storage

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/storage"

	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceslice"
)

// REST serves ResourceSlices.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of resourceslices, under /registry/resourceslices, filterable by
// spec.nodeName (indexed in the watch cache) and spec.driver.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &resourcev1.ResourceSlice{} },
		NewListFunc:               func() runtime.Object { return &resourcev1.ResourceSliceList{} },
		PredicateFunc:             resourceslice.Matcher,
		DefaultQualifiedResource:  resourcev1.Resource("resourceslices"),
		SingularQualifiedResource: resourcev1.Resource("resourceslice"),

		CreateStrategy: resourceslice.Strategy,
		UpdateStrategy: resourceslice.Strategy,
		DeleteStrategy: resourceslice.Strategy,

		TableConvertor: resourceslice.NewTableConvertor(),
	}
	options := &generic.StoreOptions{
		RESTOptions: optsGetter,
		AttrFunc:    resourceslice.GetAttrs,
		TriggerFunc: storage.IndexerFuncs{resourcev1.ResourceSliceSelectorNodeName: resourceslice.NodeNameTriggerFunc},
		Indexers:    resourceslice.Indexers(),
	}
	if err := store.CompleteWithOptions(options); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
