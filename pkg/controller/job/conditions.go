package job

import (
	"fmt"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Messages of the conditions the controller sets, upstream's.
const (
	backoffLimitMessage     = "Job has reached the specified backoff limit"
	deadlineMessage         = "Job was active longer than specified deadline"
	maxFailedIndexesMessage = "Job has exceeded the specified maximal number of failed indexes"
	failedIndexesMessage    = "Job has failed indexes"
	completionsMessage      = "Reached expected number of succeeded pods"
)

func newCondition(t batchv1.JobConditionType, status corev1.ConditionStatus, reason, message string, now time.Time) batchv1.JobCondition {
	return batchv1.JobCondition{
		Type: t, Status: status, Reason: reason, Message: message,
		LastProbeTime: metav1.NewTime(now), LastTransitionTime: metav1.NewTime(now),
	}
}

// findCondition returns the condition of type t, or nil.
func findCondition(conditions []batchv1.JobCondition, t batchv1.JobConditionType) *batchv1.JobCondition {
	for i := range conditions {
		if conditions[i].Type == t {
			return &conditions[i]
		}
	}
	return nil
}

func hasTrueCondition(job *batchv1.Job, t batchv1.JobConditionType) bool {
	c := findCondition(job.Status.Conditions, t)
	return c != nil && c.Status == corev1.ConditionTrue
}

// isFinished tells whether job has its terminal Complete or Failed condition.
func isFinished(job *batchv1.Job) bool {
	return hasTrueCondition(job, batchv1.JobComplete) || hasTrueCondition(job, batchv1.JobFailed)
}

// ensureCondition sets the condition of type t, replacing one that differs; a False condition that
// is absent stays absent. It reports whether conditions changed.
func ensureCondition(conditions []batchv1.JobCondition, t batchv1.JobConditionType, status corev1.ConditionStatus, reason, message string, now time.Time) ([]batchv1.JobCondition, bool) {
	if c := findCondition(conditions, t); c != nil {
		if c.Status == status && c.Reason == reason && c.Message == message {
			return conditions, false
		}
		*c = newCondition(t, status, reason, message, now)
		return conditions, true
	}
	if status == corev1.ConditionFalse {
		return conditions, false
	}
	return append(conditions, newCondition(t, status, reason, message, now)), true
}

// terminalFor returns the terminal condition an interim one leads to: FailureTarget to Failed,
// SuccessCriteriaMet to Complete, with the same reason and message.
func terminalFor(interim batchv1.JobCondition, now time.Time) batchv1.JobCondition {
	t := batchv1.JobFailed
	if interim.Type == batchv1.JobSuccessCriteriaMet {
		t = batchv1.JobComplete
	}
	return newCondition(t, corev1.ConditionTrue, interim.Reason, interim.Message, now)
}

// matchSuccessPolicy returns the message of the first rule of the Job's success policy that the
// succeeded indexes meet.
func matchSuccessPolicy(policy *batchv1.SuccessPolicy, completions int32, succeeded indexSet) (string, bool) {
	if policy == nil || succeeded.Len() == 0 {
		return "", false
	}
	for i, rule := range policy.Rules {
		want := indexSet{}
		if rule.SucceededIndexes != nil {
			want = parseIndexes(*rule.SucceededIndexes, completions)
		}
		var met bool
		switch {
		case rule.SucceededIndexes != nil && rule.SucceededCount != nil:
			met = want.Intersection(succeeded).Len() >= int(*rule.SucceededCount)
		case rule.SucceededIndexes != nil:
			met = succeeded.IsSuperset(want)
		case rule.SucceededCount != nil:
			met = succeeded.Len() >= int(*rule.SucceededCount)
		}
		if met {
			return fmt.Sprintf("Matched rules at index %d", i), true
		}
	}
	return "", false
}
