// Package storage wires resource.k8s.io/v1 ResourceClaimTemplates to etcd.
package storage

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceclaimtemplate"
)

// REST serves ResourceClaimTemplates.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of resourceclaimtemplates, under /registry/resourceclaimtemplates.
// namespaces is read when a template asks for admin access.
func NewREST(optsGetter generic.RESTOptionsGetter, namespaces corev1client.NamespaceInterface) (*REST, error) {
	strategy := resourceclaimtemplate.NewStrategy(namespaces)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &resourcev1.ResourceClaimTemplate{} },
		NewListFunc:               func() runtime.Object { return &resourcev1.ResourceClaimTemplateList{} },
		DefaultQualifiedResource:  resourcev1.Resource("resourceclaimtemplates"),
		SingularQualifiedResource: resourcev1.Resource("resourceclaimtemplate"),

		CreateStrategy: strategy,
		UpdateStrategy: strategy,
		DeleteStrategy: strategy,

		TableConvertor: resourceclaimtemplate.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
