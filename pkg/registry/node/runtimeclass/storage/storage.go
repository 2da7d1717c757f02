// Package storage wires node.k8s.io/v1 runtimeclasses to etcd.
package storage

import (
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/node/runtimeclass"
)

// REST serves runtimeclasses.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of runtimeclasses, under /registry/runtimeclasses.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &nodev1.RuntimeClass{} },
		NewListFunc:               func() runtime.Object { return &nodev1.RuntimeClassList{} },
		DefaultQualifiedResource:  nodev1.Resource("runtimeclasses"),
		SingularQualifiedResource: nodev1.Resource("runtimeclass"),

		CreateStrategy: runtimeclass.Strategy,
		UpdateStrategy: runtimeclass.Strategy,
		DeleteStrategy: runtimeclass.Strategy,

		TableConvertor: runtimeclass.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
