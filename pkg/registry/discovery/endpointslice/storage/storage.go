// Package storage wires discovery.k8s.io/v1 endpointslices to etcd.
package storage

import (
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/discovery/endpointslice"
)

// REST serves endpointslices.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of endpointslices.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &discoveryv1.EndpointSlice{} },
		NewListFunc:               func() runtime.Object { return &discoveryv1.EndpointSliceList{} },
		DefaultQualifiedResource:  discoveryv1.Resource("endpointslices"),
		SingularQualifiedResource: discoveryv1.Resource("endpointslice"),

		CreateStrategy: endpointslice.Strategy,
		UpdateStrategy: endpointslice.Strategy,
		DeleteStrategy: endpointslice.Strategy,

		TableConvertor: endpointslice.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
