// Package storage wires admissionregistration.k8s.io/v1 validatingadmissionpolicybindings to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
)

// REST serves validatingadmissionpolicybindings.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// NewREST returns the storage of validatingadmissionpolicybindings, under /registry/validatingadmissionpolicybindings.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store, err := newStore(optsGetter)
	if err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

func newStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyBinding{} },
		NewListFunc:               func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyBindingList{} },
		DefaultQualifiedResource:  admissionregistrationv1.Resource("validatingadmissionpolicybindings"),
		SingularQualifiedResource: admissionregistrationv1.Resource("validatingadmissionpolicybinding"),

		CreateStrategy: validatingadmissionpolicybinding.Strategy,
		UpdateStrategy: validatingadmissionpolicybinding.Strategy,
		DeleteStrategy: validatingadmissionpolicybinding.Strategy,

		TableConvertor: validatingadmissionpolicybinding.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}

// Categories puts validatingadmissionpolicybindings in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }
