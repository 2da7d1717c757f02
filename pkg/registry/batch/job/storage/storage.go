// Package storage wires batch/v1 jobs and their status subresource to etcd.
package storage

import (
	"context"

	batchv1 "k8s.io/api/batch/v1"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"

	"github.com/kapi-dev/kapi/pkg/registry/batch/job"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// orphanWarning is what a batch/v1 delete that names no propagation policy is told, since the
// job's pods outlive it.
const orphanWarning = "child pods are preserved by default when jobs are deleted; " +
	"set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning"

// JobStorage holds the storage of jobs and of their status.
type JobStorage struct {
	Job    *REST
	Status *StatusREST
}

// REST serves jobs.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves jobs/status.
type StatusREST = statusrest.REST

var (
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
	_ rest.GracefulDeleter     = &REST{}
)

// NewStorage returns the storage of jobs and jobs/status, under /registry/jobs.
func NewStorage(optsGetter generic.RESTOptionsGetter) (JobStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &batchv1.Job{} },
		NewListFunc:               func() runtime.Object { return &batchv1.JobList{} },
		DefaultQualifiedResource:  batchv1.Resource("jobs"),
		SingularQualifiedResource: batchv1.Resource("job"),

		CreateStrategy:      job.Strategy,
		UpdateStrategy:      job.Strategy,
		DeleteStrategy:      job.Strategy,
		ResetFieldsStrategy: job.Strategy,

		TableConvertor: job.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: job.GetAttrs}); err != nil {
		return JobStorage{}, err
	}
	return JobStorage{Job: &REST{store}, Status: statusrest.NewFor(store, job.StatusStrategy)}, nil
}

// Categories puts jobs in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// orphansByDefault says whether a delete with options leaves the pods behind without having asked to.
func orphansByDefault(ctx context.Context, options *metav1.DeleteOptions) bool {
	//nolint:staticcheck // OrphanDependents is deprecated but still honoured, so it counts as asking.
	return options != nil && options.PropagationPolicy == nil && options.OrphanDependents == nil &&
		job.Strategy.DefaultGarbageCollectionPolicy(ctx) == rest.OrphanDependents
}

// Delete deletes a job, warning when its pods are kept only by default.
func (r *REST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	if orphansByDefault(ctx, options) {
		warning.AddWarning(ctx, "", orphanWarning)
	}
	return r.Store.Delete(ctx, name, deleteValidation, options)
}

// DeleteCollection deletes jobs, warning as Delete does.
func (r *REST) DeleteCollection(ctx context.Context, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions, listOptions *metainternalversion.ListOptions) (runtime.Object, error) {
	if orphansByDefault(ctx, options) {
		warning.AddWarning(ctx, "", orphanWarning)
	}
	return r.Store.DeleteCollection(ctx, deleteValidation, options, listOptions)
}
