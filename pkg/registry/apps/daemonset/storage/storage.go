// Package storage wires the apps/v1 daemonsets resource and its status subresource to etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/apps/daemonset"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves daemon sets.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of daemonsets and daemonsets/status, under /registry/daemonsets.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *statusrest.REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &appsv1.DaemonSet{} },
		NewListFunc:               func() runtime.Object { return &appsv1.DaemonSetList{} },
		DefaultQualifiedResource:  appsv1.Resource("daemonsets"),
		SingularQualifiedResource: appsv1.Resource("daemonset"),

		CreateStrategy:      daemonset.Strategy,
		UpdateStrategy:      daemonset.Strategy,
		DeleteStrategy:      daemonset.Strategy,
		ResetFieldsStrategy: daemonset.Strategy,

		TableConvertor: daemonset.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, daemonset.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for daemon sets.
func (r *REST) ShortNames() []string { return []string{"ds"} }

// Categories puts daemon sets in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
