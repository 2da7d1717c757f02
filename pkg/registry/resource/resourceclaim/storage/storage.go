// Package storage wires resource.k8s.io/v1 ResourceClaims and their status subresource to etcd.
package storage

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceclaim"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves ResourceClaims.
type REST struct {
	*genericregistry.Store
}

var _ rest.ResetFieldsStrategy = &REST{}

// StatusREST serves resourceclaims/status.
type StatusREST = statusrest.REST

// NewREST returns the storage of resourceclaims, under /registry/resourceclaims, and of their
// status. namespaces is read when a claim asks for admin access.
func NewREST(optsGetter generic.RESTOptionsGetter, namespaces corev1client.NamespaceInterface) (*REST, *StatusREST, error) {
	strategy := resourceclaim.NewStrategy(namespaces)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &resourcev1.ResourceClaim{} },
		NewListFunc:               func() runtime.Object { return &resourcev1.ResourceClaimList{} },
		DefaultQualifiedResource:  resourcev1.Resource("resourceclaims"),
		SingularQualifiedResource: resourcev1.Resource("resourceclaim"),

		CreateStrategy:      strategy,
		UpdateStrategy:      strategy,
		DeleteStrategy:      strategy,
		ResetFieldsStrategy: strategy,

		TableConvertor: resourceclaim.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, resourceclaim.NewStatusStrategy(strategy)), nil
}
