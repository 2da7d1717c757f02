// Package storage wires admissionregistration.k8s.io/v1 mutatingwebhookconfigurations to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
)

// REST serves mutatingwebhookconfigurations.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// NewREST returns the storage of mutatingwebhookconfigurations, under /registry/mutatingwebhookconfigurations.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store, err := newStore(optsGetter)
	if err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

func newStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &admissionregistrationv1.MutatingWebhookConfiguration{} },
		NewListFunc:               func() runtime.Object { return &admissionregistrationv1.MutatingWebhookConfigurationList{} },
		DefaultQualifiedResource:  admissionregistrationv1.Resource("mutatingwebhookconfigurations"),
		SingularQualifiedResource: admissionregistrationv1.Resource("mutatingwebhookconfiguration"),

		CreateStrategy: mutatingwebhookconfiguration.Strategy,
		UpdateStrategy: mutatingwebhookconfiguration.Strategy,
		DeleteStrategy: mutatingwebhookconfiguration.Strategy,

		TableConvertor: mutatingwebhookconfiguration.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}

// Categories puts mutatingwebhookconfigurations in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }
