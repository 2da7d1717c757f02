// Package storage wires the podtemplates resource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/core/podtemplate"
)

// REST serves pod templates.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of podtemplates.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.PodTemplate{} },
		NewListFunc:               func() runtime.Object { return &corev1.PodTemplateList{} },
		DefaultQualifiedResource:  corev1.Resource("podtemplates"),
		SingularQualifiedResource: corev1.Resource("podtemplate"),

		CreateStrategy: podtemplate.Strategy,
		UpdateStrategy: podtemplate.Strategy,
		DeleteStrategy: podtemplate.Strategy,
		// Pod templates are handed back on delete, as upstream does.
		ReturnDeletedObject: true,

		TableConvertor: podtemplate.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
