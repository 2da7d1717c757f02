// Package storage wires the persistentvolumeclaims resource and its status subresource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/persistentvolumeclaim"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves persistent volume claims.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of persistentvolumeclaims and persistentvolumeclaims/status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *statusrest.REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.PersistentVolumeClaim{} },
		NewListFunc:               func() runtime.Object { return &corev1.PersistentVolumeClaimList{} },
		DefaultQualifiedResource:  corev1.Resource("persistentvolumeclaims"),
		SingularQualifiedResource: corev1.Resource("persistentvolumeclaim"),

		CreateStrategy:      persistentvolumeclaim.Strategy,
		UpdateStrategy:      persistentvolumeclaim.Strategy,
		DeleteStrategy:      persistentvolumeclaim.Strategy,
		ResetFieldsStrategy: persistentvolumeclaim.Strategy,
		ReturnDeletedObject: true,

		TableConvertor: persistentvolumeclaim.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, persistentvolumeclaim.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for persistent volume claims.
func (r *REST) ShortNames() []string { return []string{"pvc"} }
