// Package storage wires admissionregistration.k8s.io/v1 mutatingadmissionpolicybindings to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
)

// REST serves mutatingadmissionpolicybindings.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// NewREST returns the storage of mutatingadmissionpolicybindings, under /registry/mutatingadmissionpolicybindings.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store, err := newStore(optsGetter)
	if err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

func newStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicyBinding{} },
		NewListFunc:               func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicyBindingList{} },
		DefaultQualifiedResource:  admissionregistrationv1.Resource("mutatingadmissionpolicybindings"),
		SingularQualifiedResource: admissionregistrationv1.Resource("mutatingadmissionpolicybinding"),

		CreateStrategy: mutatingadmissionpolicybinding.Strategy,
		UpdateStrategy: mutatingadmissionpolicybinding.Strategy,
		DeleteStrategy: mutatingadmissionpolicybinding.Strategy,

		TableConvertor: mutatingadmissionpolicybinding.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}

// Categories puts mutatingadmissionpolicybindings in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }
