// Package job implements the strategies, field selectors and table columns of batch/v1 Jobs.
package job

import (
	"context"
	"strconv"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/batch"
	"github.com/kapi-dev/kapi/pkg/apis/batch/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type jobStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of jobs.
var Strategy = jobStrategy{basestrategy.Namespaced, basestrategy.KeepsStatusIn{GroupVersion: "batch/v1"}}

// DefaultGarbageCollectionPolicy orphans the pods of a job deleted through batch/v1 without a
// propagation policy, which v1 clients have always relied on; any other caller deletes them.
func (jobStrategy) DefaultGarbageCollectionPolicy(ctx context.Context) rest.GarbageCollectionPolicy {
	if info, ok := genericapirequest.RequestInfoFrom(ctx); ok &&
		info.APIGroup == batchv1.GroupName && info.APIVersion == batchv1.SchemeGroupVersion.Version {
		return rest.OrphanDependents
	}
	return rest.DeleteDependents
}

// PrepareForCreate drops the status, which the job controller sets, starts the generation at 1 and,
// unless the selector is manual, labels the template with the job's name and uid and selects them,
// so that the job's pods are its own and no other controller's.
func (jobStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	job := obj.(*batchv1.Job)
	job.Status = batchv1.JobStatus{}
	job.Generation = 1
	// Workload-aware scheduling is alpha, off by default, so its field is dropped as upstream drops it.
	job.Spec.Scheduling = nil
	if !ptr.Deref(job.Spec.ManualSelector, false) {
		generateSelector(job)
	}
}

// generateSelector adds the generated labels the user has not set; conflicting ones the user did
// set are left for validation to reject.
func generateSelector(job *batchv1.Job) {
	if job.Spec.Template.Labels == nil {
		job.Spec.Template.Labels = map[string]string{}
	}
	labels := job.Spec.Template.Labels
	for key, value := range map[string]string{
		batch.LegacyJobNameLabel:       job.Name,
		batchv1.JobNameLabel:           job.Name,
		batch.LegacyControllerUIDLabel: string(job.UID),
		batchv1.ControllerUidLabel:     string(job.UID),
	} {
		if _, found := labels[key]; !found {
			labels[key] = value
		}
	}
	if job.Spec.Selector == nil {
		job.Spec.Selector = &metav1.LabelSelector{}
	}
	if job.Spec.Selector.MatchLabels == nil {
		job.Spec.Selector.MatchLabels = map[string]string{}
	}
	if _, found := job.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel]; !found {
		job.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel] = string(job.UID)
	}
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (jobStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	job, oldJob := obj.(*batchv1.Job), old.(*batchv1.Job)
	job.Status = oldJob.Status
	if oldJob.Spec.Scheduling == nil {
		job.Spec.Scheduling = nil
	}
	basestrategy.BumpGenerationOnSpecChange(job, oldJob, job.Spec, oldJob.Spec)
}

// Validate checks a new job.
func (jobStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateJob(obj.(*batchv1.Job), validation.JobOptions{RequirePrefixedLabels: true})
}

// WarningsOnCreate warns about names that make poor pod host names.
func (jobStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return basestrategy.PodNameWarnings(obj.(*batchv1.Job).Name)
}

// ValidateUpdate checks an update of a job, with what the old job allows: a suspended job that has
// never started may move its pods elsewhere, and jobs from before the batch.kubernetes.io/ labels
// need not carry them.
func (jobStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	job, oldJob := obj.(*batchv1.Job), old.(*batchv1.Job)
	_, hadJobName := oldJob.Spec.Template.Labels[batchv1.JobNameLabel]
	_, hadControllerUID := oldJob.Spec.Template.Labels[batchv1.ControllerUidLabel]
	opts := validation.JobOptions{
		AllowMutableSchedulingDirectives: ptr.Deref(oldJob.Spec.Suspend, false) && oldJob.Status.StartTime == nil,
		RequirePrefixedLabels:            hadJobName && hadControllerUID,
		AllowInvalidLabelValueInSelector: metav1validation.LabelSelectorHasInvalidLabelValue(oldJob.Spec.Selector),
	}
	errs := validation.ValidateJob(job, opts)
	return append(errs, validation.ValidateJobUpdate(job, oldJob, opts)...)
}

type jobStatusStrategy struct {
	jobStrategy
	basestrategy.KeepsSpecIn
}

// StatusStrategy is the update behaviour of jobs/status.
var StatusStrategy = jobStatusStrategy{Strategy, basestrategy.KeepsSpecIn{GroupVersion: "batch/v1"}}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (jobStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*batchv1.Job).Spec = old.(*batchv1.Job).Spec
}

// ValidateUpdate checks a status write.
func (jobStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateJobStatusUpdate(obj.(*batchv1.Job), old.(*batchv1.Job))
}

// GetAttrs returns the labels and the selectable fields of a job.
var GetAttrs = basestrategy.Attrs("a job", SelectableFields)

// SelectableFields returns the fields a field selector may match on a job.
func SelectableFields(job *batchv1.Job) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"status.successful": strconv.Itoa(int(job.Status.Succeeded)),
	}, &job.ObjectMeta, true)
}
