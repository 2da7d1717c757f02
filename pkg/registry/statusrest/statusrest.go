// Package statusrest serves subresources, such as status, that write part of an object kept in a
// generic registry store, through a copy of the store with the subresource's own strategies.
package statusrest

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// REST serves <resource>/status through a copy of the resource's store whose update and reset-fields
// strategies are the status ones.
type REST struct {
	subresource
}

// FilteredREST serves a subresource that may only write the fields its strategy's filter lets
// through, such as pods/resize.
type FilteredREST struct {
	subresource
	filter rest.ResetFieldsFilterStrategy
}

// subresource is what REST and FilteredREST share: reading and writing through the store.
type subresource struct {
	store *genericregistry.Store
}

var (
	_ rest.Patcher                   = &REST{}
	_ rest.Patcher                   = &FilteredREST{}
	_ rest.ResetFieldsFilterStrategy = &FilteredREST{}
)

// New returns the status REST over store.
func New(store *genericregistry.Store) *REST {
	return &REST{subresource{store: store}}
}

// Strategy is how a subresource writes the object: its update rules and the fields it leaves alone.
type Strategy interface {
	rest.RESTUpdateStrategy
	rest.ResetFieldsStrategy
}

// StoreFor returns a copy of the resource's store whose updates go through the subresource's strategy.
func StoreFor(store *genericregistry.Store, strategy Strategy) *genericregistry.Store {
	sub := *store
	sub.UpdateStrategy = strategy
	sub.ResetFieldsStrategy = strategy
	return &sub
}

// NewFor returns the REST of a subresource of the resource in store, written through strategy.
func NewFor(store *genericregistry.Store, strategy Strategy) *REST {
	return New(StoreFor(store, strategy))
}

// FilterStrategy is how a subresource that owns only some fields writes the object.
type FilterStrategy interface {
	Strategy
	rest.ResetFieldsFilterStrategy
}

// NewFilteredFor returns the REST of a subresource of the resource in store, written through
// strategy, whose server-side apply keeps only the fields the strategy's filter allows.
func NewFilteredFor(store *genericregistry.Store, strategy FilterStrategy) *FilteredREST {
	return &FilteredREST{subresource: subresource{store: StoreFor(store, strategy)}, filter: strategy}
}

// GetResetFieldsFilter returns the strategy's filter of the fields a write may set.
func (r *FilteredREST) GetResetFieldsFilter() map[fieldpath.APIVersion]fieldpath.Filter {
	return r.filter.GetResetFieldsFilter()
}

// New returns an empty object of the resource.
func (r *subresource) New() runtime.Object { return r.store.New() }

// Destroy does nothing: the main resource owns the storage.
func (r *subresource) Destroy() {}

// Get reads the object, so that the status can be patched.
func (r *subresource) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Update writes the object's status.
func (r *subresource) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	// Subresources never create the parent object.
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields lists the fields a status write leaves alone.
func (r *REST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// ConvertToTable renders the object as kubectl's table.
func (r *subresource) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.store.ConvertToTable(ctx, object, tableOptions)
}
