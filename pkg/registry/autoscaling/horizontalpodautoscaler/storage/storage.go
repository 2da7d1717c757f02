// Package storage wires the horizontalpodautoscalers resource and its status subresource to etcd,
// where autoscalers are kept as autoscaling/v2 objects whichever version wrote them.
package storage

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/autoscaling/horizontalpodautoscaler"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves horizontal pod autoscalers.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves horizontalpodautoscalers/status.
type StatusREST = statusrest.REST

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewREST returns the storage of horizontalpodautoscalers and horizontalpodautoscalers/status,
// under /registry/horizontalpodautoscalers.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &autoscalingv2.HorizontalPodAutoscaler{} },
		NewListFunc:               func() runtime.Object { return &autoscalingv2.HorizontalPodAutoscalerList{} },
		DefaultQualifiedResource:  autoscalingv2.Resource("horizontalpodautoscalers"),
		SingularQualifiedResource: autoscalingv2.Resource("horizontalpodautoscaler"),

		CreateStrategy:      horizontalpodautoscaler.Strategy,
		UpdateStrategy:      horizontalpodautoscaler.Strategy,
		DeleteStrategy:      horizontalpodautoscaler.Strategy,
		ResetFieldsStrategy: horizontalpodautoscaler.Strategy,

		TableConvertor: horizontalpodautoscaler.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, horizontalpodautoscaler.StatusStrategy), nil
}

// ShortNames returns the short names kubectl accepts for horizontal pod autoscalers.
func (r *REST) ShortNames() []string { return []string{"hpa"} }

// Categories puts horizontal pod autoscalers in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
