// Package storage wires the limitranges resource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/limitrange"
)

// REST serves limit ranges.
type REST struct {
	*genericregistry.Store
}

var _ rest.ShortNamesProvider = &REST{}

// NewREST returns the storage of limitranges.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.LimitRange{} },
		NewListFunc:               func() runtime.Object { return &corev1.LimitRangeList{} },
		DefaultQualifiedResource:  corev1.Resource("limitranges"),
		SingularQualifiedResource: corev1.Resource("limitrange"),

		CreateStrategy: limitrange.Strategy,
		UpdateStrategy: limitrange.Strategy,
		DeleteStrategy: limitrange.Strategy,

		TableConvertor: limitrange.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

// ShortNames returns the short names kubectl accepts for limit ranges.
func (r *REST) ShortNames() []string { return []string{"limits"} }
