// Package storage wires storage.k8s.io/v1 VolumeAttributesClasses to etcd.
package storage

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/storage/volumeattributesclass"
)

// REST serves VolumeAttributesClasses.
type REST struct {
	*genericregistry.Store
}

var _ rest.ShortNamesProvider = &REST{}

// NewREST returns the storage of VolumeAttributesClasses, under /registry/volumeattributesclasses.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagev1.VolumeAttributesClass{} },
		NewListFunc:               func() runtime.Object { return &storagev1.VolumeAttributesClassList{} },
		DefaultQualifiedResource:  storagev1.Resource("volumeattributesclasses"),
		SingularQualifiedResource: storagev1.Resource("volumeattributesclass"),

		CreateStrategy: volumeattributesclass.Strategy,
		UpdateStrategy: volumeattributesclass.Strategy,
		DeleteStrategy: volumeattributesclass.Strategy,

		TableConvertor: volumeattributesclass.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

// ShortNames returns the short names kubectl accepts for VolumeAttributesClasses.
func (r *REST) ShortNames() []string { return []string{"vac"} }
