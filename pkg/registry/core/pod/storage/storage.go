// Package storage wires the pods resource and its status and binding subresources to etcd.
package storage

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	storeerr "k8s.io/apiserver/pkg/storage/errors"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/core/pod"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// PodStorage holds the storage of pods and of their subresources.
type PodStorage struct {
	Pod     *REST
	Status  *StatusREST
	Binding *BindingREST
	// EphemeralContainers serves pods/ephemeralcontainers.
	EphemeralContainers *statusrest.FilteredREST
	// Resize serves pods/resize.
	Resize *statusrest.FilteredREST
	// LegacyBinding serves the older /api/v1/namespaces/{namespace}/bindings, which names the pod
	// in the binding itself.
	LegacyBinding *LegacyBindingREST
}

// REST serves pods.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves pods/status.
type StatusREST = statusrest.REST

// BindingREST serves pods/binding, through which a scheduler assigns a pod to a node.
type BindingREST struct {
	store *genericregistry.Store
}

var (
	_ rest.ShortNamesProvider             = &REST{}
	_ rest.CategoriesProvider             = &REST{}
	_ rest.NamedCreater                   = &BindingREST{}
	_ rest.SubresourceObjectMetaPreserver = &BindingREST{}
	_ rest.Creater                        = &LegacyBindingREST{}
)

// NewStorage returns the storage of pods and of their status and binding subresources.
func NewStorage(optsGetter generic.RESTOptionsGetter) (PodStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Pod{} },
		NewListFunc:               func() runtime.Object { return &corev1.PodList{} },
		PredicateFunc:             pod.Matcher,
		DefaultQualifiedResource:  corev1.Resource("pods"),
		SingularQualifiedResource: corev1.Resource("pod"),

		CreateStrategy:      pod.Strategy,
		UpdateStrategy:      pod.Strategy,
		DeleteStrategy:      pod.Strategy,
		ResetFieldsStrategy: pod.Strategy,
		ReturnDeletedObject: true,

		TableConvertor: pod.NewTableConvertor(),
	}
	options := &generic.StoreOptions{
		RESTOptions: optsGetter,
		AttrFunc:    pod.GetAttrs,
		TriggerFunc: storage.IndexerFuncs{"spec.nodeName": pod.NodeNameTriggerFunc},
		Indexers:    pod.Indexers(),
	}
	if err := store.CompleteWithOptions(options); err != nil {
		return PodStorage{}, err
	}

	binding := &BindingREST{store: store}
	return PodStorage{
		Pod:           &REST{store},
		Status:        statusrest.NewFor(store, pod.StatusStrategy),
		Binding:       binding,
		LegacyBinding: &LegacyBindingREST{binding},

		EphemeralContainers: statusrest.NewFilteredFor(store, pod.EphemeralContainersStrategy),
		Resize:              statusrest.NewFilteredFor(store, pod.ResizeStrategy),
	}, nil
}

// ShortNames returns the short names kubectl accepts for pods.
func (r *REST) ShortNames() []string { return []string{"po"} }

// Categories puts pods in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// NamespaceScoped is true: a binding names a pod in the request's namespace.
func (r *BindingREST) NamespaceScoped() bool { return r.store.NamespaceScoped() }

// New returns an empty binding.
func (r *BindingREST) New() runtime.Object { return &corev1.Binding{} }

// Destroy does nothing: the main resource owns the storage.
func (r *BindingREST) Destroy() {}

// PreserveRequestObjectMetaSystemFieldsOnSubresourceCreate is true so that the handler keeps the
// binding's uid and resourceVersion, which become preconditions on the pod.
func (r *BindingREST) PreserveRequestObjectMetaSystemFieldsOnSubresourceCreate() bool { return true }

// Create binds the pod name to the binding's target node and answers with a Success status, which
// the handler sends with code 201.
func (r *BindingREST) Create(ctx context.Context, name string, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	binding, ok := obj.(*corev1.Binding)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a Binding object: %#v", obj))
	}
	if name != binding.Name {
		return nil, apierrors.NewBadRequest("name in URL does not match name in Binding object")
	}
	// Upstream returns these as a plain aggregate rather than an Invalid status, so a bad binding
	// is answered with a 500 carrying the field errors as its message.
	if errs := validation.ValidatePodBinding(binding); len(errs) != 0 {
		return nil, errs.ToAggregate()
	}
	if createValidation != nil {
		if err := createValidation(ctx, binding.DeepCopyObject()); err != nil {
			return nil, err
		}
	}
	dryRun := options != nil && len(options.DryRun) > 0
	if err := r.assignPod(ctx, binding, dryRun); err != nil {
		return nil, err
	}
	return &metav1.Status{Status: metav1.StatusSuccess}, nil
}

// assignPod applies the binding to the stored pod in one guaranteed update, bypassing the pod
// strategies as upstream does. A missing pod is a 404 and a failed uid or resourceVersion
// precondition a 409 on pods; every refusal by the pod itself is a 409 on pods/binding.
func (r *BindingREST) assignPod(ctx context.Context, binding *corev1.Binding, dryRun bool) error {
	key, err := r.store.KeyFunc(ctx, binding.Name)
	if err != nil {
		return err
	}
	var preconditions *storage.Preconditions
	if binding.UID != "" || binding.ResourceVersion != "" {
		preconditions = &storage.Preconditions{}
		if binding.UID != "" {
			preconditions.UID = &binding.UID
		}
		if binding.ResourceVersion != "" {
			preconditions.ResourceVersion = &binding.ResourceVersion
		}
	}
	err = r.store.Storage.GuaranteedUpdate(ctx, key, &corev1.Pod{}, false, preconditions,
		storage.SimpleUpdate(func(obj runtime.Object) (runtime.Object, error) {
			p := obj.(*corev1.Pod)
			if err := pod.AssignToNode(p, binding.Target.Name, binding.Annotations, binding.Labels); err != nil {
				return nil, err
			}
			return p, nil
		}), dryRun, nil)
	if err == nil {
		return nil
	}
	err = storeerr.InterpretGetError(err, corev1.Resource("pods"), binding.Name)
	err = storeerr.InterpretUpdateError(err, corev1.Resource("pods"), binding.Name)
	if _, ok := err.(*apierrors.StatusError); !ok {
		err = apierrors.NewConflict(corev1.Resource("pods/binding"), binding.Name, err)
	}
	return err
}
