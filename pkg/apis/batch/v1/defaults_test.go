package v1_test

import (
	"math"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/batch/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func TestBatchJobDefaults(t *testing.T) {
	for _, tc := range []struct {
		name                              string
		spec                              batchv1.JobSpec
		completions, parallelism, backoff *int32
		replacement                       batchv1.PodReplacementPolicy
	}{
		{name: "neither completions nor parallelism", completions: ptr.To[int32](1), parallelism: ptr.To[int32](1), backoff: ptr.To[int32](6), replacement: batchv1.TerminatingOrFailed},
		{name: "completions only", spec: batchv1.JobSpec{Completions: ptr.To[int32](5)}, completions: ptr.To[int32](5), parallelism: ptr.To[int32](1), backoff: ptr.To[int32](6), replacement: batchv1.TerminatingOrFailed},
		{name: "work queue", spec: batchv1.JobSpec{Parallelism: ptr.To[int32](3)}, parallelism: ptr.To[int32](3), backoff: ptr.To[int32](6), replacement: batchv1.TerminatingOrFailed},
		{name: "backoff per index", spec: batchv1.JobSpec{BackoffLimitPerIndex: ptr.To[int32](2)}, completions: ptr.To[int32](1), parallelism: ptr.To[int32](1), backoff: ptr.To[int32](math.MaxInt32), replacement: batchv1.TerminatingOrFailed},
		{name: "pod failure policy", spec: batchv1.JobSpec{PodFailurePolicy: &batchv1.PodFailurePolicy{}}, completions: ptr.To[int32](1), parallelism: ptr.To[int32](1), backoff: ptr.To[int32](6), replacement: batchv1.Failed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			job := &batchv1.Job{Spec: tc.spec}
			scheme.Scheme.Default(job)
			s := job.Spec
			if !ptr.Equal(s.Completions, tc.completions) || !ptr.Equal(s.Parallelism, tc.parallelism) || !ptr.Equal(s.BackoffLimit, tc.backoff) {
				t.Errorf("completions, parallelism, backoffLimit = %v, %v, %v; want %v, %v, %v", ptr.Deref(s.Completions, -1), ptr.Deref(s.Parallelism, -1), ptr.Deref(s.BackoffLimit, -1), ptr.Deref(tc.completions, -1), ptr.Deref(tc.parallelism, -1), ptr.Deref(tc.backoff, -1))
			}
			if ptr.Deref(s.PodReplacementPolicy, "") != tc.replacement {
				t.Errorf("podReplacementPolicy = %v, want %s", ptr.Deref(s.PodReplacementPolicy, ""), tc.replacement)
			}
			if ptr.Deref(s.CompletionMode, "") != batchv1.NonIndexedCompletion || !ptr.Equal(s.Suspend, ptr.To(false)) || !ptr.Equal(s.ManualSelector, ptr.To(false)) {
				t.Errorf("completionMode, suspend, manualSelector = %v, %v, %v; want NonIndexed, false, false", ptr.Deref(s.CompletionMode, ""), s.Suspend, s.ManualSelector)
			}
		})
	}
}

func TestBatchJobDefaultsTemplate(t *testing.T) {
	job := &batchv1.Job{Spec: batchv1.JobSpec{
		PodFailurePolicy: &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{{
			Action:          batchv1.PodFailurePolicyActionIgnore,
			OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget}},
		}}},
		Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "pi"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "pi", Image: "perl"}}},
		},
	}}
	scheme.Scheme.Default(job)
	if job.Labels["app"] != "pi" {
		t.Errorf("labels = %v, want the template's", job.Labels)
	}
	if got := job.Spec.PodFailurePolicy.Rules[0].OnPodConditions[0].Status; got != corev1.ConditionTrue {
		t.Errorf("onPodConditions status = %q, want True", got)
	}
	pod := job.Spec.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyAlways || pod.DNSPolicy != corev1.DNSClusterFirst || pod.Containers[0].ImagePullPolicy != corev1.PullAlways {
		t.Errorf("template restartPolicy, dnsPolicy, pullPolicy = %s, %s, %s; want the core pod defaults", pod.RestartPolicy, pod.DNSPolicy, pod.Containers[0].ImagePullPolicy)
	}
}

func TestBatchCronJobDefaults(t *testing.T) {
	cj := &batchv1.CronJob{Spec: batchv1.CronJobSpec{JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
		Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox:1.36"}}}},
	}}}}
	scheme.Scheme.Default(cj)
	s := cj.Spec
	if s.ConcurrencyPolicy != batchv1.AllowConcurrent || !ptr.Equal(s.Suspend, ptr.To(false)) ||
		!ptr.Equal(s.SuccessfulJobsHistoryLimit, ptr.To[int32](3)) || !ptr.Equal(s.FailedJobsHistoryLimit, ptr.To[int32](1)) {
		t.Errorf("spec = %+v, want Allow, unsuspended, history 3 and 1", s)
	}
	// The job template gets the pod defaults but not the Job ones, which apply when a job is created.
	if s.JobTemplate.Spec.Completions != nil || s.JobTemplate.Spec.Template.Spec.Containers[0].ImagePullPolicy != corev1.PullIfNotPresent {
		t.Errorf("job template = %+v, want only pod defaults", s.JobTemplate.Spec)
	}
}
