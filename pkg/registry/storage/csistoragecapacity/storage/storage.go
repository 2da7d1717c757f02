// Package storage wires storage.k8s.io/v1 CSIStorageCapacities to etcd.
package storage

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/storage/csistoragecapacity"
)

// REST serves CSIStorageCapacities.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of CSIStorageCapacities, under /registry/csistoragecapacities/<namespace>.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagev1.CSIStorageCapacity{} },
		NewListFunc:               func() runtime.Object { return &storagev1.CSIStorageCapacityList{} },
		DefaultQualifiedResource:  storagev1.Resource("csistoragecapacities"),
		SingularQualifiedResource: storagev1.Resource("csistoragecapacity"),

		CreateStrategy: csistoragecapacity.Strategy,
		UpdateStrategy: csistoragecapacity.Strategy,
		DeleteStrategy: csistoragecapacity.Strategy,

		TableConvertor: csistoragecapacity.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
