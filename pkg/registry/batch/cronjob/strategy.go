// Package cronjob implements the strategies and table columns of batch/v1 CronJobs.
package cronjob

import (
	"context"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/batch/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// tzWarning is the warning for a schedule that still names its zone in the text, which only a
// CronJob created before the timeZone field may do.
const tzWarning = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"

type cronJobStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of CronJobs.
var Strategy = cronJobStrategy{basestrategy.Namespaced, basestrategy.KeepsStatusIn{GroupVersion: "batch/v1"}}

// PrepareForCreate drops the status, which the CronJob controller sets, and starts the generation at 1.
func (cronJobStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	cronJob := obj.(*batchv1.CronJob)
	cronJob.Status = batchv1.CronJobStatus{}
	cronJob.Generation = 1
	// Workload-aware scheduling is alpha, off by default: its field goes, as on a Job.
	cronJob.Spec.JobTemplate.Spec.Scheduling = nil
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (cronJobStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	cronJob, oldCronJob := obj.(*batchv1.CronJob), old.(*batchv1.CronJob)
	cronJob.Status = oldCronJob.Status
	if oldCronJob.Spec.JobTemplate.Spec.Scheduling == nil {
		cronJob.Spec.JobTemplate.Spec.Scheduling = nil
	}
	basestrategy.BumpGenerationOnSpecChange(cronJob, oldCronJob, cronJob.Spec, oldCronJob.Spec)
}

// Validate checks a new CronJob.
func (cronJobStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCronJobCreate(obj.(*batchv1.CronJob))
}

// WarningsOnCreate warns about names that make poor pod host names and zones named in the schedule.
func (cronJobStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	cronJob := obj.(*batchv1.CronJob)
	return append(basestrategy.PodNameWarnings(cronJob.Name), scheduleWarnings(cronJob)...)
}

// ValidateUpdate checks an update of a CronJob.
func (cronJobStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCronJobUpdate(obj.(*batchv1.CronJob), old.(*batchv1.CronJob))
}

// WarningsOnUpdate warns about a zone named in the schedule.
func (cronJobStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return scheduleWarnings(obj.(*batchv1.CronJob))
}

func scheduleWarnings(cronJob *batchv1.CronJob) []string {
	if strings.Contains(cronJob.Spec.Schedule, "TZ") {
		return []string{tzWarning}
	}
	return nil
}

type cronJobStatusStrategy struct {
	cronJobStrategy
	basestrategy.KeepsSpecIn
}

// StatusStrategy is the update behaviour of cronjobs/status.
var StatusStrategy = cronJobStatusStrategy{Strategy, basestrategy.KeepsSpecIn{GroupVersion: "batch/v1"}}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (cronJobStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*batchv1.CronJob).Spec = old.(*batchv1.CronJob).Spec
}

// ValidateUpdate accepts any status, as upstream does: only the CronJob controller writes it.
func (cronJobStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return nil
}

// WarningsOnUpdate returns no warnings: a status write does not touch the schedule.
func (cronJobStatusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
