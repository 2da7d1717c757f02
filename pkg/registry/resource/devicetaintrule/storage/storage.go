// Package storage wires resource.k8s.io/v1 DeviceTaintRules and their status subresource to etcd.
package storage

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/resource/devicetaintrule"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves DeviceTaintRules.
type REST struct {
	*genericregistry.Store
}

var _ rest.ResetFieldsStrategy = &REST{}

// StatusREST serves devicetaintrules/status.
type StatusREST = statusrest.REST

// NewREST returns the storage of devicetaintrules, under /registry/devicetaintrules, and of their
// status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &resourcev1.DeviceTaintRule{} },
		NewListFunc:               func() runtime.Object { return &resourcev1.DeviceTaintRuleList{} },
		DefaultQualifiedResource:  resourcev1.Resource("devicetaintrules"),
		SingularQualifiedResource: resourcev1.Resource("devicetaintrule"),

		CreateStrategy:      devicetaintrule.Strategy,
		UpdateStrategy:      devicetaintrule.Strategy,
		DeleteStrategy:      devicetaintrule.Strategy,
		ResetFieldsStrategy: devicetaintrule.Strategy,

		TableConvertor: devicetaintrule.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, devicetaintrule.StatusStrategy), nil
}
