// Package storage wires the replicationcontrollers resource and its status and scale subresources
// to etcd.
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

	"github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller"
)

// ReplicationControllerStorage holds the storage of replication controllers and of their
// subresources.
type ReplicationControllerStorage struct {
	Controller *REST
	Status     *StatusREST
	Scale      *ScaleREST
}

// REST serves replication controllers.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of replicationcontrollers, replicationcontrollers/status and
// replicationcontrollers/scale.
func NewStorage(optsGetter generic.RESTOptionsGetter) (ReplicationControllerStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.ReplicationController{} },
		NewListFunc:               func() runtime.Object { return &corev1.ReplicationControllerList{} },
		PredicateFunc:             replicationcontroller.Matcher,
		DefaultQualifiedResource:  corev1.Resource("replicationcontrollers"),
		SingularQualifiedResource: corev1.Resource("replicationcontroller"),

		CreateStrategy:      replicationcontroller.Strategy,
		UpdateStrategy:      replicationcontroller.Strategy,
		DeleteStrategy:      replicationcontroller.Strategy,
		ResetFieldsStrategy: replicationcontroller.Strategy,

		TableConvertor: replicationcontroller.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: replicationcontroller.GetAttrs}); err != nil {
		return ReplicationControllerStorage{}, err
	}

	statusStore := *store
	statusStore.UpdateStrategy = replicationcontroller.StatusStrategy
	statusStore.ResetFieldsStrategy = replicationcontroller.StatusStrategy

	return ReplicationControllerStorage{
		Controller: &REST{store},
		Status:     &StatusREST{store: &statusStore},
		Scale:      &ScaleREST{store: store},
	}, nil
}

// ShortNames returns the short names kubectl accepts for replication controllers.
func (r *REST) ShortNames() []string { return []string{"rc"} }

// Categories puts replication controllers in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// StatusREST serves replicationcontrollers/status.
type StatusREST struct {
	store *genericregistry.Store
}

// New returns an empty replication controller.
func (r *StatusREST) New() runtime.Object { return &corev1.ReplicationController{} }

// Destroy does nothing: the main resource owns the storage.
func (r *StatusREST) Destroy() {}

// Get reads a replication controller.
func (r *StatusREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Update writes a replication controller's status.
func (r *StatusREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	// Subresources never create the parent object.
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields lists the fields a status write leaves alone.
func (r *StatusREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// ConvertToTable renders the replication controller as kubectl's table.
func (r *StatusREST) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.store.ConvertToTable(ctx, object, tableOptions)
}
