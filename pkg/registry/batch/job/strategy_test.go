package job

import (
	"context"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/batch/install"
)

func TestBatchJobStrategyGeneratesSelector(t *testing.T) {
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "pi", UID: "u1"},
		Spec: batchv1.JobSpec{
			ManualSelector: ptr.To(false),
			Template:       corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "pi", "job-name": "mine"}}},
		},
		Status: batchv1.JobStatus{Active: 3},
	}
	Strategy.PrepareForCreate(context.Background(), job)
	want := map[string]string{"app": "pi", "job-name": "mine", "batch.kubernetes.io/job-name": "pi", "controller-uid": "u1", "batch.kubernetes.io/controller-uid": "u1"}
	if got := job.Spec.Template.Labels; len(got) != len(want) {
		t.Errorf("template labels = %v, want %v", got, want)
	} else {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("template label %s = %q, want %q (a label the user set is kept for validation to judge)", k, got[k], v)
			}
		}
	}
	if got := job.Spec.Selector.MatchLabels; len(got) != 1 || got["batch.kubernetes.io/controller-uid"] != "u1" {
		t.Errorf("selector = %v, want the controller uid only", got)
	}
	if job.Status.Active != 0 || job.Generation != 1 {
		t.Errorf("status, generation = %+v, %d; want cleared, 1", job.Status, job.Generation)
	}

	manual := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "m", UID: "u2"}, Spec: batchv1.JobSpec{ManualSelector: ptr.To(true)}}
	Strategy.PrepareForCreate(context.Background(), manual)
	if manual.Spec.Selector != nil || manual.Spec.Template.Labels != nil {
		t.Errorf("manual selector job got %v and %v, want nothing generated", manual.Spec.Selector, manual.Spec.Template.Labels)
	}
}

func TestBatchJobStrategyGeneration(t *testing.T) {
	old := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Generation: 4}, Spec: batchv1.JobSpec{Parallelism: ptr.To[int32](1)}, Status: batchv1.JobStatus{Active: 1}}
	same := old.DeepCopy()
	same.Status.Active = 5
	Strategy.PrepareForUpdate(context.Background(), same, old)
	if same.Generation != 4 || same.Status.Active != 1 {
		t.Errorf("metadata-only update: generation %d, active %d; want 4 and the old status", same.Generation, same.Status.Active)
	}
	scaled := old.DeepCopy()
	scaled.Spec.Parallelism = ptr.To[int32](2)
	Strategy.PrepareForUpdate(context.Background(), scaled, old)
	if scaled.Generation != 5 {
		t.Errorf("spec update: generation %d, want 5", scaled.Generation)
	}
	status := old.DeepCopy()
	status.Spec.Parallelism = ptr.To[int32](9)
	status.Status.Active = 2
	StatusStrategy.PrepareForUpdate(context.Background(), status, old)
	if *status.Spec.Parallelism != 1 || status.Status.Active != 2 {
		t.Errorf("status update: parallelism %d, active %d; want the old spec and the new status", *status.Spec.Parallelism, status.Status.Active)
	}
	if _, ok := StatusStrategy.GetResetFields()["batch/v1"]; !ok {
		t.Errorf("status reset fields %v, want them under batch/v1", StatusStrategy.GetResetFields())
	}
}
