// Package storage wires storage.k8s.io/v1 StorageClasses to etcd.
package storage

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/storage/storageclass"
)

// REST serves StorageClasses.
type REST struct {
	*genericregistry.Store
}

var _ rest.ShortNamesProvider = &REST{}

// NewREST returns the storage of StorageClasses, under /registry/storageclasses.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagev1.StorageClass{} },
		NewListFunc:               func() runtime.Object { return &storagev1.StorageClassList{} },
		DefaultQualifiedResource:  storagev1.Resource("storageclasses"),
		SingularQualifiedResource: storagev1.Resource("storageclass"),

		CreateStrategy: storageclass.Strategy,
		UpdateStrategy: storageclass.Strategy,
		DeleteStrategy: storageclass.Strategy,

		TableConvertor: storageclass.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

// ShortNames returns the short names kubectl accepts for StorageClasses.
func (r *REST) ShortNames() []string { return []string{"sc"} }
