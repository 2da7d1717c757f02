// Package workload builds the storage of workload resources, such as deployments, whose objects have
// a status subresource written by their controller and a scale subresource written by autoscalers.
package workload

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// Strategy is what the main resource's writes go through.
type Strategy interface {
	rest.RESTCreateStrategy
	rest.RESTUpdateStrategy
	rest.RESTDeleteStrategy
	rest.ResetFieldsStrategy
}

// Resource describes a workload resource whose objects are of type T.
type Resource[T runtime.Object] struct {
	// Resource and Singular name the resource, such as apps "deployments" and "deployment"; the
	// objects are kept in etcd under the resource's name.
	Resource, Singular schema.GroupResource
	NewFunc            func() runtime.Object
	NewListFunc        func() runtime.Object
	Strategy           Strategy
	StatusStrategy     statusrest.Strategy
	TableConvertor     rest.TableConvertor
	Scalable           scalerest.Scalable[T]
}

// Storage is the storage of a workload resource and of its subresources.
type Storage[T runtime.Object] struct {
	Store  *genericregistry.Store
	Status *statusrest.REST
	Scale  *scalerest.REST[T]
}

// NewStorage returns the storage of r, backed by what optsGetter gives.
func NewStorage[T runtime.Object](optsGetter generic.RESTOptionsGetter, r Resource[T]) (Storage[T], error) {
	store := &genericregistry.Store{
		NewFunc:                   r.NewFunc,
		NewListFunc:               r.NewListFunc,
		DefaultQualifiedResource:  r.Resource,
		SingularQualifiedResource: r.Singular,

		CreateStrategy:      r.Strategy,
		UpdateStrategy:      r.Strategy,
		DeleteStrategy:      r.Strategy,
		ResetFieldsStrategy: r.Strategy,

		TableConvertor: r.TableConvertor,
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return Storage[T]{}, err
	}
	return Storage[T]{
		Store:  store,
		Status: statusrest.NewFor(store, r.StatusStrategy),
		Scale:  scalerest.New(store, r.Scalable),
	}, nil
}
