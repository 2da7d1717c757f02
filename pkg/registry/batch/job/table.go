package job

import (
	"fmt"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Status", Type: "string", Description: "Status of the job."},
	{Name: "Completions", Type: "string", Description: batchv1.JobStatus{}.SwaggerDoc()["succeeded"]},
	{Name: "Duration", Type: "string", Description: "Time required to complete the job."},
	tables.AgeColumn(),
	{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
	{Name: "Selector", Type: "string", Priority: 1, Description: batchv1.JobSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get jobs` table: NAME, STATUS, COMPLETIONS, DURATION, AGE
// and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(job *batchv1.Job) (metav1.TableRow, error) {
		names, images := tables.ContainerCells(job.Spec.Template.Spec.Containers)
		return metav1.TableRow{Cells: []interface{}{
			job.Name,
			status(job),
			completions(job),
			jobDuration(job.Status, time.Now()),
			tables.Since(job.CreationTimestamp),
			names,
			images,
			metav1.FormatLabelSelector(job.Spec.Selector),
		}}, nil
	})
}

// status names the job's state, terminal conditions first, as kubectl shows it.
func status(job *batchv1.Job) string {
	switch {
	case hasCondition(job, batchv1.JobComplete):
		return "Complete"
	case hasCondition(job, batchv1.JobFailed):
		return "Failed"
	case job.DeletionTimestamp != nil:
		return "Terminating"
	case hasCondition(job, batchv1.JobSuspended):
		return "Suspended"
	case hasCondition(job, batchv1.JobFailureTarget):
		return "FailureTarget"
	case hasCondition(job, batchv1.JobSuccessCriteriaMet):
		return "SuccessCriteriaMet"
	}
	return "Running"
}

// hasCondition looks at the first condition of type t only, as upstream's printer does.
func hasCondition(job *batchv1.Job, t batchv1.JobConditionType) bool {
	for _, c := range job.Status.Conditions {
		if c.Type == t {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// completions shows succeeded out of completions; a work-queue job (no completions) needs one
// success, out of its parallelism when several pods run.
func completions(job *batchv1.Job) string {
	if job.Spec.Completions != nil {
		return fmt.Sprintf("%d/%d", job.Status.Succeeded, *job.Spec.Completions)
	}
	if job.Spec.Parallelism != nil && *job.Spec.Parallelism > 1 {
		return fmt.Sprintf("%d/1 of %d", job.Status.Succeeded, *job.Spec.Parallelism)
	}
	return fmt.Sprintf("%d/1", job.Status.Succeeded)
}

// jobDuration is how long the job ran, or has been running at now; empty before it starts.
func jobDuration(s batchv1.JobStatus, now time.Time) string {
	switch {
	case s.StartTime == nil:
		return ""
	case s.CompletionTime == nil:
		return duration.HumanDuration(now.Sub(s.StartTime.Time))
	}
	return duration.HumanDuration(s.CompletionTime.Sub(s.StartTime.Time))
}
