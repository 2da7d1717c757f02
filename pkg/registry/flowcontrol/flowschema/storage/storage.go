// Package storage wires flowcontrol.apiserver.k8s.io/v1 FlowSchemas and their status subresource to
// etcd.
package storage

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/flowschema"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// FlowSchemaStorage holds the storage of FlowSchemas and of their status.
type FlowSchemaStorage struct {
	FlowSchema *REST
	Status     *StatusREST
}

// REST serves FlowSchemas.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves flowschemas/status.
type StatusREST = statusrest.REST

// NewStorage returns the storage of flowschemas and flowschemas/status, under /registry/flowschemas.
func NewStorage(optsGetter generic.RESTOptionsGetter) (FlowSchemaStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &flowcontrolv1.FlowSchema{} },
		NewListFunc:               func() runtime.Object { return &flowcontrolv1.FlowSchemaList{} },
		DefaultQualifiedResource:  flowcontrolv1.Resource("flowschemas"),
		SingularQualifiedResource: flowcontrolv1.Resource("flowschema"),

		CreateStrategy:      flowschema.Strategy,
		UpdateStrategy:      flowschema.Strategy,
		DeleteStrategy:      flowschema.Strategy,
		ResetFieldsStrategy: flowschema.Strategy,

		TableConvertor: flowschema.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return FlowSchemaStorage{}, err
	}
	return FlowSchemaStorage{FlowSchema: &REST{store}, Status: statusrest.NewFor(store, flowschema.StatusStrategy)}, nil
}
