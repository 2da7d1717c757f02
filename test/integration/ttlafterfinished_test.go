package integration

import (
	"context"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// TestTTLAfterFinished marks Jobs finished, as a job controller would, and checks that the one whose
// time to live is over goes away while the others stay.
func TestTTLAfterFinished(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "ttl")
	jobs := client.BatchV1().Jobs("ttl")

	expiring := finishJob(t, client, "expiring", ptr[int32](0))
	lasting := finishJob(t, client, "lasting", ptr[int32](3600))
	forever := finishJob(t, client, "forever", nil)
	running := batchJob("running")
	running.Spec.TTLSecondsAfterFinished = ptr[int32](0)
	if _, err := jobs.Create(ctx, running, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	waitGone(t, "the finished Job with ttlSecondsAfterFinished 0", func(ctx context.Context) error {
		_, err := jobs.Get(ctx, expiring.Name, metav1.GetOptions{})
		return err
	})
	for _, name := range []string{lasting.Name, forever.Name, running.Name} {
		job, err := jobs.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Errorf("Job %s: %v", name, err)
			continue
		}
		if job.DeletionTimestamp != nil {
			t.Errorf("Job %s is being deleted", name)
		}
	}
}

// finishJob creates a Job with ttl and writes the status of one that completed a second ago.
func finishJob(t *testing.T, client kubernetes.Interface, name string, ttl *int32) *batchv1.Job {
	t.Helper()
	ctx := context.Background()
	job := batchJob(name)
	job.Spec.TTLSecondsAfterFinished = ttl
	// The test stands in for the Job's controller, which the job controller leaves it to be.
	job.Spec.ManagedBy = ptr("example.com/ttl-test")
	job, err := client.BatchV1().Jobs("ttl").Create(ctx, job, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	started := metav1.NewTime(time.Now().Add(-time.Minute).Truncate(time.Second))
	completed := metav1.NewTime(time.Now().Add(-time.Second).Truncate(time.Second))
	job.Status = batchv1.JobStatus{
		StartTime:      &started,
		CompletionTime: &completed,
		Succeeded:      1,
		Conditions: []batchv1.JobCondition{
			{Type: batchv1.JobSuccessCriteriaMet, Status: corev1.ConditionTrue, LastTransitionTime: completed, LastProbeTime: completed},
			{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastTransitionTime: completed, LastProbeTime: completed},
		},
	}
	job, err = client.BatchV1().Jobs("ttl").UpdateStatus(ctx, job, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return job
}
