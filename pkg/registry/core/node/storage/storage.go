// Package storage wires the nodes resource and its status subresource to etcd.
package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/node"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// NodeStorage holds the storage of nodes and of their subresources.
type NodeStorage struct {
	Node   *REST
	Status *StatusREST
}

// REST serves nodes.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of nodes and nodes/status.
func NewStorage(optsGetter generic.RESTOptionsGetter) (NodeStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Node{} },
		NewListFunc:               func() runtime.Object { return &corev1.NodeList{} },
		DefaultQualifiedResource:  corev1.Resource("nodes"),
		SingularQualifiedResource: corev1.Resource("node"),

		CreateStrategy:      node.Strategy,
		UpdateStrategy:      node.Strategy,
		DeleteStrategy:      node.Strategy,
		ResetFieldsStrategy: node.Strategy,

		TableConvertor: node.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: node.GetAttrs}); err != nil {
		return NodeStorage{}, err
	}

	return NodeStorage{Node: &REST{store}, Status: statusrest.NewFor(store, node.StatusStrategy)}, nil
}

// ShortNames returns the short names kubectl accepts for nodes.
func (r *REST) ShortNames() []string { return []string{"no"} }

// StatusREST serves nodes/status.
type StatusREST = statusrest.REST
