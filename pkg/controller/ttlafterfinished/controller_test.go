package ttlafterfinished

import (
	"context"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/workqueue"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"
)

func TestExpired(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	finished := func(ago time.Duration, typ batchv1.JobConditionType, status corev1.ConditionStatus) []batchv1.JobCondition {
		return []batchv1.JobCondition{{Type: typ, Status: status, LastTransitionTime: metav1.NewTime(now.Add(-ago))}}
	}
	tests := []struct {
		name       string
		ttl        *int32
		conditions []batchv1.JobCondition
		deleting   bool
		want       bool
		requeued   bool
		wantErr    bool
	}{
		{name: "complete long ago", ttl: ptr.To[int32](5), conditions: finished(10*time.Second, batchv1.JobComplete, corev1.ConditionTrue), want: true},
		{name: "failed long ago", ttl: ptr.To[int32](5), conditions: finished(10*time.Second, batchv1.JobFailed, corev1.ConditionTrue), want: true},
		{name: "ttl zero", ttl: ptr.To[int32](0), conditions: finished(0, batchv1.JobComplete, corev1.ConditionTrue), want: true},
		{name: "not yet", ttl: ptr.To[int32](60), conditions: finished(10*time.Second, batchv1.JobComplete, corev1.ConditionTrue), requeued: true},
		{name: "no ttl", conditions: finished(time.Hour, batchv1.JobComplete, corev1.ConditionTrue)},
		{name: "running", ttl: ptr.To[int32](5)},
		{name: "condition false", ttl: ptr.To[int32](5), conditions: finished(time.Hour, batchv1.JobComplete, corev1.ConditionFalse)},
		{name: "being deleted", ttl: ptr.To[int32](5), conditions: finished(time.Hour, batchv1.JobComplete, corev1.ConditionTrue), deleting: true},
		{name: "no transition time", ttl: ptr.To[int32](5), conditions: []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionTrue}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clocktesting.NewFakeClock(now)
			c := &Controller{
				clock: clock,
				queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
					workqueue.TypedRateLimitingQueueConfig[string]{Clock: clock}),
			}
			defer c.queue.ShutDown()
			job := &batchv1.Job{
				ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "j"},
				Spec:       batchv1.JobSpec{TTLSecondsAfterFinished: tt.ttl},
				Status:     batchv1.JobStatus{Conditions: tt.conditions},
			}
			if tt.deleting {
				job.DeletionTimestamp = &metav1.Time{Time: now}
			}
			got, err := c.expired("ns/j", job)
			if (err != nil) != tt.wantErr {
				t.Fatalf("expired() error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("expired() = %v, want %v", got, tt.want)
			}
			// A requeue waits for its time, which only the fake clock's step brings.
			if c.queue.Len() != 0 {
				t.Fatal("the Job was queued before its time")
			}
			clock.Step(time.Minute)
			requeued := wait.PollUntilContextTimeout(context.Background(), time.Millisecond, 200*time.Millisecond, true, func(context.Context) (bool, error) {
				return c.queue.Len() > 0, nil
			}) == nil
			if requeued != tt.requeued {
				t.Errorf("requeued = %v, want %v", requeued, tt.requeued)
			}
		})
	}
}
