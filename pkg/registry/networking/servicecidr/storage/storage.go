// Package storage wires networking.k8s.io/v1 servicecidrs and their status subresource to etcd.
package storage

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/networking/servicecidr"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves servicecidrs.
type REST struct {
	*genericregistry.Store
}

var _ rest.ResetFieldsStrategy = &REST{}

// StatusREST serves servicecidrs/status.
type StatusREST = statusrest.REST

// NewREST returns the storage of servicecidrs, under /registry/servicecidrs, and of their status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &networkingv1.ServiceCIDR{} },
		NewListFunc:               func() runtime.Object { return &networkingv1.ServiceCIDRList{} },
		DefaultQualifiedResource:  networkingv1.Resource("servicecidrs"),
		SingularQualifiedResource: networkingv1.Resource("servicecidr"),

		CreateStrategy:      servicecidr.Strategy,
		UpdateStrategy:      servicecidr.Strategy,
		DeleteStrategy:      servicecidr.Strategy,
		ResetFieldsStrategy: servicecidr.Strategy,

		TableConvertor: servicecidr.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, servicecidr.StatusStrategy), nil
}
