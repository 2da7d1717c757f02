// Package storage wires the apps/v1 controllerrevisions resource to etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/apps/controllerrevision"
)

// REST serves controller revisions.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of controllerrevisions, under /registry/controllerrevisions.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &appsv1.ControllerRevision{} },
		NewListFunc:               func() runtime.Object { return &appsv1.ControllerRevisionList{} },
		DefaultQualifiedResource:  appsv1.Resource("controllerrevisions"),
		SingularQualifiedResource: appsv1.Resource("controllerrevision"),

		CreateStrategy: controllerrevision.Strategy,
		UpdateStrategy: controllerrevision.Strategy,
		DeleteStrategy: controllerrevision.Strategy,

		TableConvertor: controllerrevision.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
