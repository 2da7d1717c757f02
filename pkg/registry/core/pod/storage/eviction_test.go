package storage

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
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

func TestPolicyEvictionRefusedByBudgetStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status policyv1.PodDisruptionBudgetStatus
		retry  int32
		cause  string
	}{
		{
			name:   "a spec the disruption controller has not seen yet",
			status: policyv1.PodDisruptionBudgetStatus{ObservedGeneration: 1, DisruptionsAllowed: 3},
			retry:  10,
			cause:  "The disruption budget web is still being processed by the server.",
		},
		{
			name:   "no disruption allowed",
			status: policyv1.PodDisruptionBudgetStatus{ObservedGeneration: 2, CurrentHealthy: 1, DesiredHealthy: 2},
			cause:  "The disruption budget web needs 2 healthy pods and has 1 currently",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "web", Generation: 2}, Status: tc.status}
			err := (&EvictionREST{}).checkAndDecrement(context.Background(), "web-1", pdb, false)
			var status *apierrors.StatusError
			if !errors.As(err, &status) || status.ErrStatus.Code != http.StatusTooManyRequests ||
				status.ErrStatus.Message != "Cannot evict pod as it would violate the pod's disruption budget." {
				t.Fatalf("error = %v, want the 429", err)
			}
			d := status.ErrStatus.Details
			if d.RetryAfterSeconds != tc.retry || len(d.Causes) != 1 || d.Causes[0].Type != policyv1.DisruptionBudgetCause || d.Causes[0].Message != tc.cause {
				t.Errorf("details = %+v, want retry after %d and cause %q", d, tc.retry, tc.cause)
			}
		})
	}
}
