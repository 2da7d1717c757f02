// Package storage wires batch/v1 CronJobs and their status subresource to etcd.
package storage

import (
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/batch/cronjob"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// CronJobStorage holds the storage of CronJobs and of their status.
type CronJobStorage struct {
	CronJob *REST
	Status  *StatusREST
}

// REST serves CronJobs.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves cronjobs/status.
type StatusREST = statusrest.REST

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of cronjobs and cronjobs/status, under /registry/cronjobs.
func NewStorage(optsGetter generic.RESTOptionsGetter) (CronJobStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &batchv1.CronJob{} },
		NewListFunc:               func() runtime.Object { return &batchv1.CronJobList{} },
		DefaultQualifiedResource:  batchv1.Resource("cronjobs"),
		SingularQualifiedResource: batchv1.Resource("cronjob"),

		CreateStrategy:      cronjob.Strategy,
		UpdateStrategy:      cronjob.Strategy,
		DeleteStrategy:      cronjob.Strategy,
		ResetFieldsStrategy: cronjob.Strategy,

		TableConvertor: cronjob.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return CronJobStorage{}, err
	}
	return CronJobStorage{CronJob: &REST{store}, Status: statusrest.NewFor(store, cronjob.StatusStrategy)}, nil
}

// ShortNames returns the short names kubectl accepts for CronJobs.
func (r *REST) ShortNames() []string { return []string{"cj"} }

// Categories puts CronJobs in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
