// Package storage wires the resourcequotas resource and its status subresource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/resourcequota"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves resource quotas.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of resourcequotas and resourcequotas/status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *statusrest.REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.ResourceQuota{} },
		NewListFunc:               func() runtime.Object { return &corev1.ResourceQuotaList{} },
		DefaultQualifiedResource:  corev1.Resource("resourcequotas"),
		SingularQualifiedResource: corev1.Resource("resourcequota"),

		CreateStrategy:      resourcequota.Strategy,
		UpdateStrategy:      resourcequota.Strategy,
		DeleteStrategy:      resourcequota.Strategy,
		ResetFieldsStrategy: resourcequota.Strategy,
		ReturnDeletedObject: true,

		TableConvertor: resourcequota.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, resourcequota.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for resource quotas.
func (r *REST) ShortNames() []string { return []string{"quota"} }
