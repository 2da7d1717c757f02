// Package storage wires admissionregistration.k8s.io/v1 validatingwebhookconfigurations to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingwebhookconfiguration"
)

// REST serves validatingwebhookconfigurations.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// NewREST returns the storage of validatingwebhookconfigurations, under /registry/validatingwebhookconfigurations.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store, err := newStore(optsGetter)
	if err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

func newStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &admissionregistrationv1.ValidatingWebhookConfiguration{} },
		NewListFunc:               func() runtime.Object { return &admissionregistrationv1.ValidatingWebhookConfigurationList{} },
		DefaultQualifiedResource:  admissionregistrationv1.Resource("validatingwebhookconfigurations"),
		SingularQualifiedResource: admissionregistrationv1.Resource("validatingwebhookconfiguration"),

		CreateStrategy: validatingwebhookconfiguration.Strategy,
		UpdateStrategy: validatingwebhookconfiguration.Strategy,
		DeleteStrategy: validatingwebhookconfiguration.Strategy,

		TableConvertor: validatingwebhookconfiguration.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}

// Categories puts validatingwebhookconfigurations in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }
