package disruption

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// staleDisruption tells whether a pod carries a true DisruptionTarget condition that no deletion
// followed, as when an eviction was allowed but its deletion failed, and how long until it counts
// as stale. The kubelet's own condition is exempt, since it may stand long before the pod stops,
// and so are terminal pods, whose status nothing should touch any more.
func (c *Controller) staleDisruption(p *corev1.Pod) (bool, time.Duration) {
	if p.DeletionTimestamp != nil || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
		return false, 0
	}
	cond := disruptionTarget(p)
	if cond == nil || cond.Status != corev1.ConditionTrue || cond.Reason == corev1.PodReasonTerminationByKubelet {
		return false, 0
	}
	return true, max(c.staleTimeout-c.clock.Since(cond.LastTransitionTime.Time), 0)
}

func disruptionTarget(p *corev1.Pod) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == corev1.DisruptionTarget {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

// resetStaleDisruption sets a stale DisruptionTarget condition to false, with neither reason nor
// message.
func (c *Controller) resetStaleDisruption(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	p, err := c.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	stale, after := c.staleDisruption(p)
	if !stale {
		return nil
	}
	if after > 0 {
		worker.EnqueueKey(func(key string) { c.stale.AddAfter(key, after) })(p)
		return nil
	}
	p = p.DeepCopy()
	*disruptionTarget(p) = corev1.PodCondition{
		Type:               corev1.DisruptionTarget,
		Status:             corev1.ConditionFalse,
		LastTransitionTime: metav1.NewTime(c.clock.Now()),
	}
	if _, err := c.client.CoreV1().Pods(p.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil {
		return err
	}
	klog.V(2).InfoS("Reset stale DisruptionTarget condition to False", "pod", klog.KObj(p))
	return nil
}
