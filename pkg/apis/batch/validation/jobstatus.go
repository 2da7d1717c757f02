package validation

import (
	"fmt"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

func conditionTrue(job *batchv1.Job, t batchv1.JobConditionType) bool {
	for _, c := range job.Status.Conditions {
		if c.Type == t && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

func finished(job *batchv1.Job) bool {
	return conditionTrue(job, batchv1.JobComplete) || conditionTrue(job, batchv1.JobFailed)
}

// ValidateJobStatusUpdate checks a write of a job's status. Since a job may be managed by an
// external controller, the rules about consistent terminal states apply, as upstream applies them,
// only to the parts of the status the write changes: a spec update may leave the status briefly
// inconsistent until the controller catches up.
func ValidateJobStatusUpdate(job, oldJob *batchv1.Job) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&job.ObjectMeta, &oldJob.ObjectMeta, field.NewPath("metadata"))
	status, old := &job.Status, &oldJob.Status
	fldPath := field.NewPath("status")
	conditions := fldPath.Child("conditions")
	add := func(errs ...*field.Error) { allErrs = append(allErrs, errs...) }

	add(apimachineryvalidation.ValidateNonnegativeField(int64(status.Active), fldPath.Child("active"))...)
	add(apimachineryvalidation.ValidateNonnegativeField(int64(status.Succeeded), fldPath.Child("succeeded"))...)
	add(apimachineryvalidation.ValidateNonnegativeField(int64(status.Failed), fldPath.Child("failed"))...)
	add(nonNegative(status.Ready, fldPath.Child("ready"))...)
	add(nonNegative(status.Terminating, fldPath.Child("terminating"))...)
	if u := status.UncountedTerminatedPods; u != nil {
		path := fldPath.Child("uncountedTerminatedPods")
		seen := sets.New[types.UID]()
		for _, list := range []struct {
			name string
			uids []types.UID
		}{{"succeeded", u.Succeeded}, {"failed", u.Failed}} {
			for i, uid := range list.uids {
				p := path.Child(list.name).Index(i)
				switch {
				case uid == "":
					add(field.Invalid(p, uid, "must not be empty"))
				case seen.Has(uid):
					add(field.Duplicate(p, uid))
				default:
					seen.Insert(uid)
				}
			}
		}
	}

	complete, failed := conditionTrue(job, batchv1.JobComplete), conditionTrue(job, batchv1.JobFailed)
	failureTarget := conditionTrue(job, batchv1.JobFailureTarget)
	criteriaMet := conditionTrue(job, batchv1.JobSuccessCriteriaMet)
	isFinished := finished(job)
	isIndexed := ptr.Deref(job.Spec.CompletionMode, batchv1.NonIndexedCompletion) == batchv1.IndexedCompletion

	finishedChanged := finished(oldJob) != isFinished
	completeChanged := conditionTrue(oldJob, batchv1.JobComplete) != complete
	failedChanged := conditionTrue(oldJob, batchv1.JobFailed) != failed
	failureTargetChanged := conditionTrue(oldJob, batchv1.JobFailureTarget) != failureTarget
	completedIndexesChanged := old.CompletedIndexes != status.CompletedIndexes
	failedIndexesChanged := !ptr.Equal(old.FailedIndexes, status.FailedIndexes)
	activeChanged := old.Active != status.Active
	startTimeChanged := !ptr.Equal(old.StartTime, status.StartTime)
	completionTimeChanged := !ptr.Equal(old.CompletionTime, status.CompletionTime)
	uncountedChanged := !apiequality.Semantic.DeepEqual(old.UncountedTerminatedPods, status.UncountedTerminatedPods)
	readyChanged := !ptr.Equal(old.Ready, status.Ready)
	terminatingChanged := !ptr.Equal(old.Terminating, status.Terminating)

	if (completeChanged || failedChanged) && complete && failed {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set Complete=True and Failed=true conditions"))
	}
	if (completeChanged || failureTargetChanged) && complete && failureTarget {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set Complete=True and FailureTarget=true conditions"))
	}
	if (completeChanged || completionTimeChanged) && status.CompletionTime != nil && !complete {
		add(field.Invalid(fldPath.Child("completionTime"), status.CompletionTime, "cannot set completionTime when there is no Complete=True condition"))
	}
	if (completeChanged || completionTimeChanged) && status.CompletionTime == nil && complete {
		add(field.Required(fldPath.Child("completionTime"), "completionTime is required for Complete jobs"))
	}
	if (startTimeChanged || completionTimeChanged) && status.StartTime != nil && status.CompletionTime != nil && status.CompletionTime.Before(status.StartTime) {
		add(field.Invalid(fldPath.Child("completionTime"), status.CompletionTime, "completionTime cannot be set before startTime"))
	}
	if (failedChanged || failedIndexesChanged) && failed && !failureTarget {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set Failed=True condition without the FailureTarget=true condition"))
	}
	if completeChanged && complete && !criteriaMet {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set Complete=True condition without the SuccessCriteriaMet=true condition"))
	}
	if (finishedChanged || activeChanged) && status.Active > 0 && isFinished {
		add(field.Invalid(fldPath.Child("active"), status.Active, "active>0 is invalid for finished job"))
	}
	if (finishedChanged || startTimeChanged) && status.StartTime == nil && isFinished {
		add(field.Required(fldPath.Child("startTime"), "startTime is required for finished job"))
	}
	if (finishedChanged || uncountedChanged) && isFinished && status.UncountedTerminatedPods != nil &&
		len(status.UncountedTerminatedPods.Failed)+len(status.UncountedTerminatedPods.Succeeded) > 0 {
		add(field.Invalid(fldPath.Child("uncountedTerminatedPods"), corevalidation.InternalShape(status.UncountedTerminatedPods), "uncountedTerminatedPods needs to be empty for finished job"))
	}
	if completedIndexesChanged && job.Spec.Completions != nil {
		if _, err := countIndexes(status.CompletedIndexes, *job.Spec.Completions); err != nil {
			add(field.Invalid(fldPath.Child("completedIndexes"), status.CompletedIndexes, fmt.Sprintf("error parsing completedIndexes: %s", err)))
		}
	}
	if failedIndexesChanged && job.Spec.Completions != nil && job.Spec.BackoffLimitPerIndex != nil && status.FailedIndexes != nil {
		if _, err := countIndexes(*status.FailedIndexes, *job.Spec.Completions); err != nil {
			add(field.Invalid(fldPath.Child("failedIndexes"), status.FailedIndexes, fmt.Sprintf("error parsing failedIndexes: %s", err)))
		}
	}
	if completedIndexesChanged && status.CompletedIndexes != "" && !isIndexed {
		add(field.Invalid(fldPath.Child("completedIndexes"), status.CompletedIndexes, "cannot set non-empty completedIndexes when non-indexed completion mode"))
	}
	if failedIndexesChanged && job.Spec.BackoffLimitPerIndex == nil && status.FailedIndexes != nil {
		add(field.Invalid(fldPath.Child("failedIndexes"), *status.FailedIndexes, "cannot set non-null failedIndexes when backoffLimitPerIndex is null"))
	}
	if (failedIndexesChanged || completedIndexesChanged) && job.Spec.Completions != nil && status.FailedIndexes != nil {
		if at, overlap := indexesOverlap(status.CompletedIndexes, *status.FailedIndexes, *job.Spec.Completions); overlap {
			add(field.Invalid(fldPath.Child("failedIndexes"), *status.FailedIndexes, fmt.Sprintf("failedIndexes and completedIndexes overlap at index: %d", at)))
		}
	}
	if (finishedChanged || terminatingChanged) && ptr.Deref(status.Terminating, 0) > 0 && isFinished {
		add(field.Invalid(fldPath.Child("terminating"), status.Terminating, "terminating>0 is invalid for finished job"))
	}
	if (readyChanged || activeChanged) && status.Ready != nil && *status.Ready > status.Active {
		add(field.Invalid(fldPath.Child("ready"), *status.Ready, "cannot set more ready pods than active"))
	}
	if criteriaMet && failed {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set SuccessCriteriaMet=True and Failed=true conditions"))
	}
	if criteriaMet && failureTarget {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"))
	}
	if job.Spec.SuccessPolicy != nil && !criteriaMet && complete {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True"))
	}

	for _, t := range []batchv1.JobConditionType{batchv1.JobFailed, batchv1.JobComplete, batchv1.JobFailureTarget} {
		if conditionTrue(oldJob, t) && !conditionTrue(job, t) {
			add(field.Invalid(conditions, field.OmitValueType{}, fmt.Sprintf("cannot disable the terminal %s=True condition", t)))
		}
	}
	if status.Failed < old.Failed {
		add(field.Invalid(fldPath.Child("failed"), status.Failed, "cannot decrease the failed counter"))
	}
	// A scaled-down Indexed job whose parallelism equals its completions may lose successes.
	if (!isIndexed || !ptr.Equal(job.Spec.Completions, job.Spec.Parallelism)) && status.Succeeded < old.Succeeded {
		add(field.Invalid(fldPath.Child("succeeded"), status.Succeeded, "cannot decrease the succeeded counter"))
	}
	if status.CompletionTime != nil && old.CompletionTime != nil && !ptr.Equal(status.CompletionTime, old.CompletionTime) {
		add(field.Invalid(fldPath.Child("completionTime"), status.CompletionTime, "completionTime cannot be mutated"))
	}
	if startTimeChanged && old.StartTime != nil && !ptr.Deref(job.Spec.Suspend, false) {
		add(field.Required(fldPath.Child("startTime"), "startTime cannot be removed for unsuspended job"))
	}
	if conditionTrue(oldJob, batchv1.JobSuccessCriteriaMet) && !criteriaMet {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot disable the SuccessCriteriaMet=True condition"))
	}
	if conditionTrue(oldJob, batchv1.JobComplete) && !conditionTrue(oldJob, batchv1.JobSuccessCriteriaMet) && criteriaMet {
		add(field.Invalid(conditions, field.OmitValueType{}, "cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"))
	}
	return allErrs
}

// indexesOverlap returns the first index both lists name. Fragments that do not parse are skipped:
// the format checks report them.
func indexesOverlap(completed, failed string, completions int32) (int32, bool) {
	if completed == "" || failed == "" {
		return 0, false
	}
	type interval struct{ x, y int32 }
	parse := func(list string) []interval {
		var out []interval
		for _, s := range strings.Split(list, ",") {
			if x, y, err := parseIndexInterval(s, completions); err == nil {
				out = append(out, interval{x, y})
			}
		}
		return out
	}
	c, f := parse(completed), parse(failed)
	for i, j := 0, 0; i < len(c) && j < len(f); {
		if c[i].x <= f[j].y && f[j].x <= c[i].y {
			return max(c[i].x, f[j].x), true
		}
		if c[i].x <= f[j].x {
			i++
		} else {
			j++
		}
	}
	return 0, false
}
