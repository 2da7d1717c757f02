// Package storage wires resource.k8s.io/v1 DeviceClasses to etcd.
package storage

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/resource/deviceclass"
)

// REST serves DeviceClasses.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of deviceclasses, under /registry/deviceclasses.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &resourcev1.DeviceClass{} },
		NewListFunc:               func() runtime.Object { return &resourcev1.DeviceClassList{} },
		DefaultQualifiedResource:  resourcev1.Resource("deviceclasses"),
		SingularQualifiedResource: resourcev1.Resource("deviceclass"),

		CreateStrategy: deviceclass.Strategy,
		UpdateStrategy: deviceclass.Strategy,
		DeleteStrategy: deviceclass.Strategy,

		TableConvertor: deviceclass.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
