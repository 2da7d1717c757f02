package daemonset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// newStatus counts ds's daemon pods on nodes: a node's oldest pod stands for it.
func (c *Controller) newStatus(ds *appsv1.DaemonSet, nodes []*corev1.Node, byNode map[string][]*corev1.Pod, hash string, observed bool) appsv1.DaemonSetStatus {
	status := *ds.Status.DeepCopy()
	if observed {
		status.ObservedGeneration = ds.Generation
	}
	var desired, current, misscheduled, ready, available, updated int32
	generation := templateGeneration(ds)
	now := c.clock.Now()
	for _, node := range nodes {
		run, _ := shouldRun(node, ds)
		pods := byNode[node.Name]
		if !run {
			if len(pods) > 0 {
				misscheduled++
			}
			continue
		}
		desired++
		if len(pods) == 0 {
			continue
		}
		current++
		pods = append([]*corev1.Pod(nil), pods...)
		oldestFirst(pods)
		pod := pods[0]
		if podcontrol.IsReady(pod) {
			ready++
			if podcontrol.IsAvailable(pod, ds.Spec.MinReadySeconds, now) {
				available++
			}
		}
		if isUpdated(pod, hash, generation) {
			updated++
		}
	}
	status.DesiredNumberScheduled = desired
	status.CurrentNumberScheduled = current
	status.NumberMisscheduled = misscheduled
	status.NumberReady = ready
	status.NumberAvailable = available
	status.UpdatedNumberScheduled = updated
	status.NumberUnavailable = desired - available
	return status
}

// updateStatus writes status unless ds has it already, retrying conflicts with the latest ds.
func (c *Controller) updateStatus(ctx context.Context, ds *appsv1.DaemonSet, status appsv1.DaemonSetStatus) error {
	if ds.Status.ObservedGeneration >= status.ObservedGeneration &&
		ds.Status.DesiredNumberScheduled == status.DesiredNumberScheduled &&
		ds.Status.CurrentNumberScheduled == status.CurrentNumberScheduled &&
		ds.Status.NumberMisscheduled == status.NumberMisscheduled &&
		ds.Status.NumberReady == status.NumberReady &&
		ds.Status.NumberAvailable == status.NumberAvailable &&
		ds.Status.UpdatedNumberScheduled == status.UpdatedNumberScheduled &&
		ds.Status.NumberUnavailable == status.NumberUnavailable {
		return nil
	}
	ds = ds.DeepCopy()
	return retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		counts := status
		counts.CollisionCount = ds.Status.CollisionCount
		counts.Conditions = ds.Status.Conditions
		ds.Status = counts
		_, err := c.client.AppsV1().DaemonSets(ds.Namespace).UpdateStatus(ctx, ds, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			return err
		}
		latest, getErr := c.client.AppsV1().DaemonSets(ds.Namespace).Get(ctx, ds.Name, metav1.GetOptions{})
		if getErr != nil {
			return getErr
		}
		ds = latest
		return err
	})
}
