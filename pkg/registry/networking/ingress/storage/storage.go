// Package storage wires networking.k8s.io/v1 ingresses and their status subresource to etcd.
package storage

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/networking/ingress"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves ingresses.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves ingresses/status.
type StatusREST = statusrest.REST

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of ingresses, under the prefix the server's storage factory gives them
// (/registry/ingress, as kube-apiserver), and of their status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &networkingv1.Ingress{} },
		NewListFunc:               func() runtime.Object { return &networkingv1.IngressList{} },
		DefaultQualifiedResource:  networkingv1.Resource("ingresses"),
		SingularQualifiedResource: networkingv1.Resource("ingress"),

		CreateStrategy:      ingress.Strategy,
		UpdateStrategy:      ingress.Strategy,
		DeleteStrategy:      ingress.Strategy,
		ResetFieldsStrategy: ingress.Strategy,

		TableConvertor: ingress.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, ingress.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for ingresses.
func (r *REST) ShortNames() []string { return []string{"ing"} }
