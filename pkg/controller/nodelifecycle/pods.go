package nodelifecycle

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"
)

// notReady returns a copy of pod with its Ready condition False since now, or nil when the pod has
// no Ready condition or it is False already.
func notReady(pod *corev1.Pod, now metav1.Time) *corev1.Pod {
	for i, c := range pod.Status.Conditions {
		if c.Type != corev1.PodReady {
			continue
		}
		if c.Status == corev1.ConditionFalse {
			return nil
		}
		pod = pod.DeepCopy()
		pod.Status.Conditions[i].Status = corev1.ConditionFalse
		pod.Status.Conditions[i].LastTransitionTime = now
		return pod
	}
	return nil
}

// markPodsNotReady sets the Ready condition of the pods bound to nodeName False, as the kubelet of a
// node that is not ready can no longer vouch for them, and records a NodeNotReady event on each.
func markPodsNotReady(ctx context.Context, client kubernetes.Interface, recorder record.EventRecorder, pods []*corev1.Pod, nodeName string) error {
	var errs []error
	for _, pod := range pods {
		if pod.Spec.NodeName != nodeName {
			continue
		}
		updated := notReady(pod, metav1.Now())
		if updated == nil {
			continue
		}
		klog.FromContext(ctx).V(2).Info("Updating ready status of pod to false", "pod", klog.KObj(pod))
		if _, err := client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
			if !apierrors.IsNotFound(err) {
				errs = append(errs, err)
			}
			continue
		}
		recorder.Event(updated, corev1.EventTypeWarning, "NodeNotReady", "Node is not ready")
	}
	return errors.Join(errs...)
}
