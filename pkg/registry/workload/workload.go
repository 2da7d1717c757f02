// Package workload builds the storage of workload resources, such as deployments: objects that
// `kubectl get all` lists, with a status subresource written by their controller and, for most, a
// scale subresource written by autoscalers.
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
	// ShortNames are the names kubectl accepts for the resource besides its own.
	ShortNames []string
	// Scalable describes the scale subresource; a resource without one leaves it empty.
	Scalable scalerest.Scalable[T]
}

// REST serves a workload resource.
type REST struct {
	*genericregistry.Store
	shortNames []string
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// ShortNames returns the short names kubectl accepts for the resource.
func (r *REST) ShortNames() []string { return r.shortNames }

// Categories puts the resource in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// Storage is the storage of a workload resource and of its subresources.
type Storage[T runtime.Object] struct {
	Workload *REST
	Status   *statusrest.REST
	// Scale is nil for a resource without a scale subresource.
	Scale *scalerest.REST[T]
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
	s := Storage[T]{
		Workload: &REST{Store: store, shortNames: r.ShortNames},
		Status:   statusrest.NewFor(store, r.StatusStrategy),
	}
	if r.Scalable.ToScale != nil {
		s.Scale = scalerest.New(store, r.Scalable)
	}
	return s, nil
}
