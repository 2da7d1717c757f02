// Package storage wires the persistentvolumes resource and its status subresource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/persistentvolume"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves persistent volumes.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of persistentvolumes and persistentvolumes/status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *statusrest.REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.PersistentVolume{} },
		NewListFunc:               func() runtime.Object { return &corev1.PersistentVolumeList{} },
		DefaultQualifiedResource:  corev1.Resource("persistentvolumes"),
		SingularQualifiedResource: corev1.Resource("persistentvolume"),

		CreateStrategy:      persistentvolume.Strategy,
		UpdateStrategy:      persistentvolume.Strategy,
		DeleteStrategy:      persistentvolume.Strategy,
		ResetFieldsStrategy: persistentvolume.Strategy,
		ReturnDeletedObject: true,

		TableConvertor: persistentvolume.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, persistentvolume.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for persistent volumes.
func (r *REST) ShortNames() []string { return []string{"pv"} }
