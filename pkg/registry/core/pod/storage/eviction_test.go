package storage

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestPolicyEvictionDryRun(t *testing.T) {
	all := []string{metav1.DryRunAll}
	for _, tc := range []struct {
		name      string
		body      *metav1.DeleteOptions
		query     []string
		want      []string
		wantError string
	}{
		{name: "neither"},
		{name: "query only", query: all, want: all},
		{name: "body only", body: &metav1.DeleteOptions{DryRun: all}, want: all},
		{name: "both alike", body: &metav1.DeleteOptions{DryRun: all}, query: all, want: all},
		{name: "body without, query with", body: &metav1.DeleteOptions{GracePeriodSeconds: new(int64)}, query: all, want: all},
		{name: "disagreeing", body: &metav1.DeleteOptions{DryRun: all}, query: []string{"Nope"},
			wantError: "Non-matching dry-run options in request and content: [Nope] and [All]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := propagateDryRun(&policyv1.Eviction{DeleteOptions: tc.body}, &metav1.CreateOptions{DryRun: tc.query})
			if tc.wantError != "" {
				if err == nil || err.Error() != tc.wantError {
					t.Fatalf("error = %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got.DryRun, tc.want) {
				t.Errorf("dry run = %v, %v; want %v", got.DryRun, err, tc.want)
			}
			if tc.body != nil && tc.body.GracePeriodSeconds != nil && got.GracePeriodSeconds == nil {
				t.Error("the body's other delete options were lost")
			}
		})
	}
}

func TestPolicyEvictionBudgetIgnorable(t *testing.T) {
	now := metav1.Now()
	for _, tc := range []struct {
		name              string
		phase             corev1.PodPhase
		deleting          bool
		ignorable, pinned bool
	}{
		{"running", corev1.PodRunning, false, false, true},
		{"pending", corev1.PodPending, false, true, true},
		{"succeeded", corev1.PodSucceeded, false, true, false},
		{"failed", corev1.PodFailed, false, true, false},
		{"terminating", corev1.PodRunning, true, true, false},
	} {
		p := &corev1.Pod{Status: corev1.PodStatus{Phase: tc.phase}}
		if tc.deleting {
			p.DeletionTimestamp = &now
		}
		if got := budgetIgnorable(p); got != tc.ignorable {
			t.Errorf("%s: budgetIgnorable = %v, want %v", tc.name, got, tc.ignorable)
		}
		if got := enforcesResourceVersion(p); got != tc.pinned {
			t.Errorf("%s: enforcesResourceVersion = %v, want %v", tc.name, got, tc.pinned)
		}
	}
}
