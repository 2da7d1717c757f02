// Package storage wires the namespaces resource and its status and finalize subresources to etcd.
package storage

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	storeerr "k8s.io/apiserver/pkg/storage/errors"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/registry/core/namespace"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves namespaces. It is not a plain generic store because deleting a namespace first marks it
// Terminating and only removes it once its spec.finalizers are gone; namespaces have no
// deletecollection.
type REST struct {
	store *genericregistry.Store
}

// StatusREST serves namespaces/status.
type StatusREST = statusrest.REST

// FinalizeREST serves namespaces/finalize.
type FinalizeREST struct {
	store *genericregistry.Store
}

// NewREST returns the storage of namespaces and of their status and finalize subresources.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, *FinalizeREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Namespace{} },
		NewListFunc:               func() runtime.Object { return &corev1.NamespaceList{} },
		DefaultQualifiedResource:  corev1.Resource("namespaces"),
		SingularQualifiedResource: corev1.Resource("namespace"),

		CreateStrategy:      namespace.Strategy,
		UpdateStrategy:      namespace.Strategy,
		DeleteStrategy:      namespace.Strategy,
		ResetFieldsStrategy: namespace.Strategy,
		ReturnDeletedObject: true,
		// A terminating namespace goes away on the write that empties its spec.finalizers too.
		ShouldDeleteDuringUpdate: func(ctx context.Context, key string, obj, existing runtime.Object) bool {
			return len(obj.(*corev1.Namespace).Spec.Finalizers) == 0 && genericregistry.ShouldDeleteDuringUpdate(ctx, key, obj, existing)
		},

		TableConvertor: namespace.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: namespace.GetAttrs}); err != nil {
		return nil, nil, nil, err
	}

	finalizeStore := statusrest.StoreFor(store, namespace.FinalizeStrategy)
	return &REST{store: store}, statusrest.NewFor(store, namespace.StatusStrategy), &FinalizeREST{store: finalizeStore}, nil
}

// New returns an empty namespace.
func (r *REST) New() runtime.Object { return r.store.New() }

// Destroy releases the storage.
func (r *REST) Destroy() { r.store.Destroy() }

// NamespaceScoped is false.
func (r *REST) NamespaceScoped() bool { return r.store.NamespaceScoped() }

// GetSingularName returns "namespace".
func (r *REST) GetSingularName() string { return r.store.GetSingularName() }

// NewList returns an empty namespace list.
func (r *REST) NewList() runtime.Object { return r.store.NewList() }

// List lists namespaces.
func (r *REST) List(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	return r.store.List(ctx, options)
}

// Create creates a namespace.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	return r.store.Create(ctx, obj, createValidation, options)
}

// Update updates a namespace.
func (r *REST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, forceAllowCreate, options)
}

// Get reads a namespace.
func (r *REST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Watch watches namespaces.
func (r *REST) Watch(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	return r.store.Watch(ctx, options)
}

// ConvertToTable renders namespaces as kubectl's table.
func (r *REST) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.store.ConvertToTable(ctx, object, tableOptions)
}

// ShortNames returns the short names kubectl accepts for namespaces.
func (r *REST) ShortNames() []string { return []string{"ns"} }

// StorageVersion returns the version namespaces are stored in.
func (r *REST) StorageVersion() runtime.GroupVersioner { return r.store.StorageVersion() }

// GetResetFields lists the fields a main-resource write leaves alone.
func (r *REST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// Delete marks a namespace Terminating on the first call; once namespace finalization has emptied its
// spec.finalizers, a further call removes it, and until then it returns the terminating namespace.
func (r *REST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	obj, err := r.store.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, false, err
	}
	ns := obj.(*corev1.Namespace)
	if options == nil {
		options = metav1.NewDeleteOptions(0)
	}
	preconditions := storage.Preconditions{}
	if options.Preconditions != nil {
		preconditions.UID = options.Preconditions.UID
		preconditions.ResourceVersion = options.Preconditions.ResourceVersion
	}
	if err := preconditions.Check(name, ns); err != nil {
		return nil, false, apierrors.NewConflict(corev1.Resource("namespaces"), name, err)
	}
	if ns.DeletionTimestamp == nil {
		if err := deleteValidation(ctx, ns); err != nil {
			return nil, false, err
		}
		marked, err := r.markTerminating(ctx, name, &preconditions, isDryRun(options))
		if err != nil || len(marked.Spec.Finalizers) > 0 {
			return marked, false, err
		}
	}
	// Like kube-apiserver, a delete of a namespace whose content is still being removed answers with
	// the namespace as it is, not an error: the first delete has already done all there is to do.
	if len(ns.Spec.Finalizers) > 0 {
		return ns, false, nil
	}
	return r.store.Delete(ctx, name, deleteValidation, options)
}

// markTerminating sets the namespace's deletionTimestamp and phase Terminating.
func (r *REST) markTerminating(ctx context.Context, name string, preconditions *storage.Preconditions, dryRun bool) (*corev1.Namespace, error) {
	key, err := r.store.KeyFunc(ctx, name)
	if err != nil {
		return nil, err
	}
	out := &corev1.Namespace{}
	err = r.store.Storage.GuaranteedUpdate(ctx, key, out, false, preconditions,
		storage.SimpleUpdate(func(existing runtime.Object) (runtime.Object, error) {
			ns := existing.(*corev1.Namespace)
			if ns.DeletionTimestamp == nil {
				now := metav1.Now()
				ns.DeletionTimestamp = &now
			}
			ns.Status.Phase = corev1.NamespaceTerminating
			return ns, nil
		}), dryRun, nil)
	if err != nil {
		return nil, storeError(err, name)
	}
	return out, nil
}

func isDryRun(options *metav1.DeleteOptions) bool {
	return len(options.DryRun) > 0
}

// storeError turns a storage error into the API error kube-apiserver returns for it.
func storeError(err error, name string) error {
	return storeerr.InterpretUpdateError(err, corev1.Resource("namespaces"), name)
}

// New returns an empty namespace.
func (r *FinalizeREST) New() runtime.Object { return r.store.New() }

// Destroy does nothing: the main resource owns the storage.
func (r *FinalizeREST) Destroy() {}

// Update writes a namespace's spec.finalizers.
func (r *FinalizeREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields lists the fields a finalize write leaves alone.
func (r *FinalizeREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}
