// Package store wires admissionregistration.k8s.io/v1 resources to etcd: all of them are
// cluster-scoped, kept under /registry/<resource>, and listed in the api-extensions category.
package store

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Resource is one resource of the group and how it is written.
type Resource struct {
	// Plural and Singular name the resource.
	Plural, Singular string
	// New and NewList return empty objects of the resource.
	New, NewList func() runtime.Object
	Strategy     interface {
		rest.RESTCreateStrategy
		rest.RESTUpdateStrategy
		rest.RESTDeleteStrategy
	}
	// ResetFields, if set, lists the fields a write of the resource leaves alone.
	ResetFields rest.ResetFieldsStrategy
	Table       rest.TableConvertor
}

// REST serves a resource of the group.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// Categories puts the resource in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }

// NewREST returns the storage of r.
func NewREST(optsGetter generic.RESTOptionsGetter, r Resource) (*REST, error) {
	s, err := NewStore(optsGetter, r)
	if err != nil {
		return nil, err
	}
	return &REST{s}, nil
}

// NewStore returns the etcd store of r, for a resource that adds subresources to it.
func NewStore(optsGetter generic.RESTOptionsGetter, r Resource) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   r.New,
		NewListFunc:               r.NewList,
		DefaultQualifiedResource:  admissionregistrationv1.Resource(r.Plural),
		SingularQualifiedResource: admissionregistrationv1.Resource(r.Singular),

		CreateStrategy: r.Strategy,
		UpdateStrategy: r.Strategy,
		DeleteStrategy: r.Strategy,

		TableConvertor: r.Table,
	}
	if r.ResetFields != nil {
		store.ResetFieldsStrategy = r.ResetFields
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}
