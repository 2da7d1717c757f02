// Package storage wires the nodes resource and its status subresource to etcd.
package storage

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/registry/core/node"
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
		PredicateFunc:             node.Matcher,
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

	statusStore := *store
	statusStore.UpdateStrategy = node.StatusStrategy
	statusStore.ResetFieldsStrategy = node.StatusStrategy

	return NodeStorage{Node: &REST{store}, Status: &StatusREST{store: &statusStore}}, nil
}

// ShortNames returns the short names kubectl accepts for nodes.
func (r *REST) ShortNames() []string { return []string{"no"} }

// StatusREST serves nodes/status.
type StatusREST struct {
	store *genericregistry.Store
}

// New returns an empty node.
func (r *StatusREST) New() runtime.Object { return &corev1.Node{} }

// Destroy does nothing: the main resource owns the storage.
func (r *StatusREST) Destroy() {}

// Get reads a node.
func (r *StatusREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Update writes a node's status.
func (r *StatusREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	// Subresources never create the parent object.
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields lists the fields a status write leaves alone.
func (r *StatusREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// ConvertToTable renders the node as kubectl's table.
func (r *StatusREST) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.store.ConvertToTable(ctx, object, tableOptions)
}
