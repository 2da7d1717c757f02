package job

import (
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/utils/ptr"
)

func TestMatchSuccessPolicy(t *testing.T) {
	tests := []struct {
		name      string
		rules     []batchv1.SuccessPolicyRule
		succeeded []int
		want      string
	}{
		{name: "indexes met", rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr.To("0,2-3")}}, succeeded: []int{0, 2, 3}, want: "Matched rules at index 0"},
		{name: "indexes not met", rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr.To("0,2-3")}}, succeeded: []int{0, 2}},
		{name: "count", rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr.To("9")}, {SucceededCount: ptr.To[int32](2)}}, succeeded: []int{4, 5}, want: "Matched rules at index 1"},
		{name: "count within indexes", rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr.To("0-3"), SucceededCount: ptr.To[int32](2)}}, succeeded: []int{1, 5}},
		{name: "nothing succeeded", rules: []batchv1.SuccessPolicyRule{{SucceededCount: ptr.To[int32](0)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := matchSuccessPolicy(&batchv1.SuccessPolicy{Rules: tt.rules}, 10, sets.New(tt.succeeded...))
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("got %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestEnsureCondition(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	conds, changed := ensureCondition(nil, batchv1.JobSuspended, corev1.ConditionFalse, "JobResumed", "Job resumed", now)
	if changed || len(conds) != 0 {
		t.Fatalf("an absent False condition was added: %+v", conds)
	}
	conds, changed = ensureCondition(conds, batchv1.JobSuspended, corev1.ConditionTrue, "JobSuspended", "Job suspended", now)
	if !changed || len(conds) != 1 || !conds[0].LastTransitionTime.Time.Equal(now) {
		t.Fatalf("adding: %+v", conds)
	}
	if _, changed = ensureCondition(conds, batchv1.JobSuspended, corev1.ConditionTrue, "JobSuspended", "Job suspended", now.Add(time.Hour)); changed {
		t.Fatal("the same condition changed")
	}
	later := now.Add(time.Hour)
	conds, changed = ensureCondition(conds, batchv1.JobSuspended, corev1.ConditionFalse, "JobResumed", "Job resumed", later)
	if !changed || conds[0].Status != corev1.ConditionFalse || !conds[0].LastTransitionTime.Time.Equal(later) {
		t.Fatalf("flipping: %+v", conds)
	}
	if got := terminalFor(newCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, "R", "M", now), later); got.Type != batchv1.JobFailed || got.Reason != "R" || got.Message != "M" {
		t.Errorf("terminal of FailureTarget: %+v", got)
	}
	if got := terminalFor(newCondition(batchv1.JobSuccessCriteriaMet, corev1.ConditionTrue, "R", "M", now), later); got.Type != batchv1.JobComplete {
		t.Errorf("terminal of SuccessCriteriaMet: %+v", got)
	}
}
