// Package storage wires storage.k8s.io/v1 CSIDrivers to etcd.
package storage

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/storage/csidriver"
)

// REST serves CSIDrivers.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of CSIDrivers, under /registry/csidrivers.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagev1.CSIDriver{} },
		NewListFunc:               func() runtime.Object { return &storagev1.CSIDriverList{} },
		DefaultQualifiedResource:  storagev1.Resource("csidrivers"),
		SingularQualifiedResource: storagev1.Resource("csidriver"),

		CreateStrategy: csidriver.Strategy,
		UpdateStrategy: csidriver.Strategy,
		DeleteStrategy: csidriver.Strategy,

		TableConvertor: csidriver.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
