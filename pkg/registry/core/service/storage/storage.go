// Package storage wires the services resource and its status subresource to etcd.
package storage

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/util/dryrun"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/registry/core/service"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// ServiceStorage holds the storage of services and of their subresources.
type ServiceStorage struct {
	Service *REST
	Status  *StatusREST
}

// REST serves services.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of services and services/status. Writes draw cluster IPs and node
// ports from alloc; deleting a service also deletes its Endpoints from endpoints, as kube-apiserver does,
// so that a service created again under the name does not inherit stale addresses.
func NewStorage(optsGetter generic.RESTOptionsGetter, alloc *Allocators, endpoints rest.GracefulDeleter) (ServiceStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Service{} },
		NewListFunc:               func() runtime.Object { return &corev1.ServiceList{} },
		DefaultQualifiedResource:  corev1.Resource("services"),
		SingularQualifiedResource: corev1.Resource("service"),
		ReturnDeletedObject:       true,

		CreateStrategy:      service.Strategy,
		UpdateStrategy:      service.Strategy,
		DeleteStrategy:      service.Strategy,
		ResetFieldsStrategy: service.Strategy,

		TableConvertor: service.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: service.GetAttrs}); err != nil {
		return ServiceStorage{}, err
	}

	// The status store is copied before the hooks are set: like kube-apiserver, status writes
	// neither normalize cluster IPs nor decorate what they return.
	status := statusrest.NewFor(store, service.StatusStrategy)

	store.Decorator = service.DefaultOnRead
	h := hooks{alloc: alloc, endpoints: endpoints}
	store.BeginCreate = h.beginCreate
	store.BeginUpdate = h.beginUpdate
	store.AfterDelete = h.afterDelete

	return ServiceStorage{Service: &REST{store}, Status: status}, nil
}

type hooks struct {
	alloc     *Allocators
	endpoints rest.GracefulDeleter
}

// beginCreate syncs clusterIPs with clusterIP, then allocates cluster IPs and node ports, before
// validation sees the service. The allocations are given back if the write fails.
func (h hooks) beginCreate(ctx context.Context, obj runtime.Object, options *metav1.CreateOptions) (genericregistry.FinishFunc, error) {
	svc := obj.(*corev1.Service)
	service.NormalizeClusterIPs(svc, nil)
	txn, err := h.alloc.allocateCreate(ctx, svc, dryrun.IsDryRun(options.DryRun))
	if err != nil {
		return nil, err
	}
	return func(_ context.Context, success bool) { txn.finish(success) }, nil
}

// beginUpdate restores the cluster IPs and node ports the client left out, syncs clusterIPs with
// clusterIP, then allocates and releases what the change calls for, before the strategy and
// validation see the service.
func (h hooks) beginUpdate(ctx context.Context, obj, old runtime.Object, options *metav1.UpdateOptions) (genericregistry.FinishFunc, error) {
	svc, oldSvc := obj.(*corev1.Service), old.(*corev1.Service)
	// The stored object may predate clusterIPs; the read path would have filled it in.
	service.DefaultOnRead(oldSvc)
	service.PatchAllocatedValues(svc, oldSvc)
	service.NormalizeClusterIPs(svc, oldSvc)
	txn, err := h.alloc.allocateUpdate(ctx, svc, oldSvc, dryrun.IsDryRun(options.DryRun))
	if err != nil {
		return nil, err
	}
	return func(_ context.Context, success bool) { txn.finish(success) }, nil
}

// afterDelete deletes the service's Endpoints and releases what it held; a dry run does neither.
func (h hooks) afterDelete(obj runtime.Object, options *metav1.DeleteOptions) {
	if dryrun.IsDryRun(options.DryRun) {
		return
	}
	svc := obj.(*corev1.Service)
	service.DefaultOnRead(svc)
	// The hook gets no request context; the cleanup is the server's own, not the client's.
	ctx := genericapirequest.WithNamespace(context.Background(), svc.Namespace)
	_, _, err := h.endpoints.Delete(ctx, svc.Name, rest.ValidateAllObjectFunc, &metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		klog.ErrorS(err, "Deleting the endpoints of a deleted service failed", "service", klog.KObj(svc))
	}
	h.alloc.releaseAll(ctx, svc)
}

// ShortNames returns the short names kubectl accepts for services.
func (r *REST) ShortNames() []string { return []string{"svc"} }

// Categories puts services in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// StatusREST serves services/status.
type StatusREST = statusrest.REST
