// Package storage wires the services resource and its status subresource to etcd.
package storage

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

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

// NewStorage returns the storage of services and services/status.
func NewStorage(optsGetter generic.RESTOptionsGetter) (ServiceStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Service{} },
		NewListFunc:               func() runtime.Object { return &corev1.ServiceList{} },
		PredicateFunc:             service.Matcher,
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
	statusStore := *store
	statusStore.UpdateStrategy = service.StatusStrategy
	statusStore.ResetFieldsStrategy = service.StatusStrategy

	store.Decorator = service.DefaultOnRead
	store.BeginCreate = beginCreate
	store.BeginUpdate = beginUpdate

	return ServiceStorage{Service: &REST{store}, Status: statusrest.New(&statusStore)}, nil
}

// beginCreate syncs clusterIPs with clusterIP before validation sees them.
func beginCreate(ctx context.Context, obj runtime.Object, options *metav1.CreateOptions) (genericregistry.FinishFunc, error) {
	service.NormalizeClusterIPs(obj.(*corev1.Service), nil)
	return finishNothing, nil
}

// beginUpdate restores the cluster IPs and node ports the client left out, then syncs clusterIPs
// with clusterIP, before the strategy and validation see the service.
func beginUpdate(ctx context.Context, obj, old runtime.Object, options *metav1.UpdateOptions) (genericregistry.FinishFunc, error) {
	svc, oldSvc := obj.(*corev1.Service), old.(*corev1.Service)
	// The stored object may predate clusterIPs; the read path would have filled it in.
	service.DefaultOnRead(oldSvc)
	service.PatchAllocatedValues(svc, oldSvc)
	service.NormalizeClusterIPs(svc, oldSvc)
	return finishNothing, nil
}

func finishNothing(context.Context, bool) {}

// ShortNames returns the short names kubectl accepts for services.
func (r *REST) ShortNames() []string { return []string{"svc"} }

// Categories puts services in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// StatusREST serves services/status.
type StatusREST = statusrest.REST
