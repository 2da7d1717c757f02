package statefulset

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// isCreated tells whether the API server holds pod, which then has a phase.
func isCreated(pod *corev1.Pod) bool { return pod.Status.Phase != "" }

func isFinished(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded
}

func isTerminating(pod *corev1.Pod) bool { return pod.DeletionTimestamp != nil }

// isHealthy tells whether pod runs, is ready and is not being deleted.
func isHealthy(pod *corev1.Pod) bool { return isRunningAndReady(pod) && !isTerminating(pod) }

func isRunningAndReady(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodRunning && podcontrol.IsReady(pod)
}

// isRunningAndAvailable tells whether pod has been ready for minReadySeconds.
func isRunningAndAvailable(pod *corev1.Pod, minReadySeconds int32) bool {
	return podcontrol.IsAvailable(pod, minReadySeconds, time.Now())
}
