// Package storage wires the replicationcontrollers resource and its status and scale subresources
// to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// ReplicationControllerStorage holds the storage of replication controllers and of their
// subresources.
type ReplicationControllerStorage struct {
	Controller *REST
	Status     *StatusREST
	Scale      *ScaleREST
}

// REST serves replication controllers.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of replicationcontrollers, replicationcontrollers/status and
// replicationcontrollers/scale.
func NewStorage(optsGetter generic.RESTOptionsGetter) (ReplicationControllerStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.ReplicationController{} },
		NewListFunc:               func() runtime.Object { return &corev1.ReplicationControllerList{} },
		DefaultQualifiedResource:  corev1.Resource("replicationcontrollers"),
		SingularQualifiedResource: corev1.Resource("replicationcontroller"),

		CreateStrategy:      replicationcontroller.Strategy,
		UpdateStrategy:      replicationcontroller.Strategy,
		DeleteStrategy:      replicationcontroller.Strategy,
		ResetFieldsStrategy: replicationcontroller.Strategy,

		TableConvertor: replicationcontroller.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: replicationcontroller.GetAttrs}); err != nil {
		return ReplicationControllerStorage{}, err
	}

	return ReplicationControllerStorage{
		Controller: &REST{store},
		Status:     statusrest.NewFor(store, replicationcontroller.StatusStrategy),
		Scale:      scalerest.New(store, scalable),
	}, nil
}

// ShortNames returns the short names kubectl accepts for replication controllers.
func (r *REST) ShortNames() []string { return []string{"rc"} }

// Categories puts replication controllers in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// StatusREST serves replicationcontrollers/status.
type StatusREST = statusrest.REST
