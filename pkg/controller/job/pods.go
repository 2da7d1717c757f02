package job

import (
	"slices"
	"strconv"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// hasTrackingFinalizer tells whether the Job still has to count pod.
func hasTrackingFinalizer(pod *corev1.Pod) bool {
	return slices.Contains(pod.Finalizers, batchv1.JobTrackingFinalizer)
}

// replacesOnlyFailed tells whether the Job waits for a terminating pod to fail before replacing
// it: with podReplacementPolicy Failed, or with a pod failure policy, which needs the final state.
func replacesOnlyFailed(job *batchv1.Job) bool {
	return job.Spec.PodFailurePolicy != nil ||
		ptr.Deref(job.Spec.PodReplacementPolicy, batchv1.TerminatingOrFailed) == batchv1.Failed
}

// isFailed tells whether pod counts as a failure: it failed, or, unless the Job waits for final
// states, it is being deleted before it succeeded.
func isFailed(job *batchv1.Job, pod *corev1.Pod) bool {
	if pod.Status.Phase == corev1.PodFailed {
		return true
	}
	if replacesOnlyFailed(job) {
		return false
	}
	return pod.DeletionTimestamp != nil && pod.Status.Phase != corev1.PodSucceeded
}

// finishedAt is when pod finished, for backoff: its containers' last termination, else when it
// stopped being ready, else its deletion, else its creation.
func finishedAt(pod *corev1.Pod) time.Time {
	var last time.Time
	for _, s := range pod.Status.ContainerStatuses {
		if s.State.Terminated == nil {
			last = time.Time{}
			break
		}
		if t := s.State.Terminated.FinishedAt.Time; t.After(last) {
			last = t
		}
	}
	if !last.IsZero() {
		return last
	}
	if c := podcontrol.ReadyCondition(pod); c != nil && c.Status == corev1.ConditionFalse && !c.LastTransitionTime.IsZero() {
		return c.LastTransitionTime.Time
	}
	if pod.DeletionTimestamp != nil {
		return pod.DeletionTimestamp.Time
	}
	return pod.CreationTimestamp.Time
}

// annotationCount reads a non-negative counter annotation, 0 when absent or invalid.
func annotationCount(pod *corev1.Pod, key string) int32 {
	n, err := strconv.ParseInt(pod.Annotations[key], 10, 32)
	if err != nil || n < 0 {
		return 0
	}
	return int32(n)
}

// absoluteFailures is how many pods of its index failed before pod, ignored failures included.
func absoluteFailures(pod *corev1.Pod) int32 {
	return annotationCount(pod, batchv1.JobIndexFailureCountAnnotation) + annotationCount(pod, batchv1.JobIndexIgnoredFailureCountAnnotation)
}

// restartsOfActive sums the container restarts of the pods that still run, which is how a Job
// with restartPolicy OnFailure counts its failures.
func restartsOfActive(pods []*corev1.Pod) int32 {
	var n int32
	for _, p := range pods {
		if p.Status.Phase != corev1.PodRunning && p.Status.Phase != corev1.PodPending {
			continue
		}
		for _, s := range p.Status.InitContainerStatuses {
			n += s.RestartCount
		}
		for _, s := range p.Status.ContainerStatuses {
			n += s.RestartCount
		}
	}
	return n
}
