package tainteviction

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
)

// Upstream's retries of a deletion.
const (
	deleteRetries   = 5
	deleteRetryWait = 10 * time.Millisecond
)

// disruptionTarget is the condition a pod gets before the controller deletes it.
var disruptionTarget = corev1.PodCondition{
	Type:    corev1.DisruptionTarget,
	Status:  corev1.ConditionTrue,
	Reason:  "DeletionByTaintManager",
	Message: "Taint manager: deleting due to NoExecute taint",
}

// evict records that the pod of key is to be deleted, and deletes it, a few times if need be.
func (c *Controller) evict(ctx context.Context, key string) error {
	klog.FromContext(ctx).Info("Deleting pod", "controller", EventSource, "pod", key)
	c.podEvent(key, fmt.Sprintf("Marking for deletion Pod %s", key))
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	for range deleteRetries {
		if err = c.conditionAndDelete(ctx, namespace, name); err == nil {
			return nil
		}
		time.Sleep(deleteRetryWait)
	}
	return err
}

// conditionAndDelete gives the pod the DisruptionTarget condition and deletes it.
func (c *Controller) conditionAndDelete(ctx context.Context, namespace, name string) error {
	pods := c.client.CoreV1().Pods(namespace)
	pod, err := pods.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	if withCondition(pod, disruptionTarget, metav1.Now()) {
		if _, err := pods.UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	return pods.Delete(ctx, name, metav1.DeleteOptions{})
}

// withCondition sets cond on pod, since now when its status changes, and reports whether the pod
// changed.
func withCondition(pod *corev1.Pod, cond corev1.PodCondition, now metav1.Time) bool {
	for i, c := range pod.Status.Conditions {
		if c.Type != cond.Type {
			continue
		}
		if c.Status == cond.Status && c.Reason == cond.Reason && c.Message == cond.Message {
			return false
		}
		cond.LastTransitionTime = c.LastTransitionTime
		if c.Status != cond.Status {
			cond.LastTransitionTime = now
		}
		pod.Status.Conditions[i] = cond
		return true
	}
	cond.LastTransitionTime = now
	pod.Status.Conditions = append(pod.Status.Conditions, cond)
	return true
}
