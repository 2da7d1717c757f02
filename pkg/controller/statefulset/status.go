package statefulset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
)

// newStatus counts pods, those the API server holds, into set's status at its revisions.
func newStatus(set *appsv1.StatefulSet, current, update *appsv1.ControllerRevision, collisionCount int32, pods []*corev1.Pod) *appsv1.StatefulSetStatus {
	status := &appsv1.StatefulSetStatus{
		ObservedGeneration: set.Generation,
		CurrentRevision:    current.Name,
		UpdateRevision:     update.Name,
		CollisionCount:     &collisionCount,
		Conditions:         set.Status.Conditions,
	}
	for _, pod := range pods {
		if !isCreated(pod) {
			continue
		}
		status.Replicas++
		if isRunningAndReady(pod) {
			status.ReadyReplicas++
			if isRunningAndAvailable(pod, set.Spec.MinReadySeconds) {
				status.AvailableReplicas++
			}
		}
		if isTerminating(pod) {
			continue
		}
		if revisionOf(pod) == current.Name {
			status.CurrentReplicas++
		}
		if revisionOf(pod) == update.Name {
			status.UpdatedReplicas++
		}
	}
	return status
}

// completeRollingUpdate makes the update revision current once every pod runs it and is ready.
func completeRollingUpdate(set *appsv1.StatefulSet, status *appsv1.StatefulSetStatus) {
	if set.Spec.UpdateStrategy.Type == appsv1.RollingUpdateStatefulSetStrategyType &&
		status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas {
		status.CurrentReplicas = status.UpdatedReplicas
		status.CurrentRevision = status.UpdateRevision
	}
}

func statusChanged(set *appsv1.StatefulSet, status *appsv1.StatefulSetStatus) bool {
	s := set.Status
	return status.ObservedGeneration > s.ObservedGeneration ||
		status.Replicas != s.Replicas ||
		status.CurrentReplicas != s.CurrentReplicas ||
		status.ReadyReplicas != s.ReadyReplicas ||
		status.UpdatedReplicas != s.UpdatedReplicas ||
		status.AvailableReplicas != s.AvailableReplicas ||
		status.CurrentRevision != s.CurrentRevision ||
		status.UpdateRevision != s.UpdateRevision ||
		s.CollisionCount == nil || *status.CollisionCount != *s.CollisionCount
}

// updateStatus writes status to set, retrying conflicts with the latest set.
func (c *Controller) updateStatus(ctx context.Context, set *appsv1.StatefulSet, status *appsv1.StatefulSetStatus) error {
	completeRollingUpdate(set, status)
	if !statusChanged(set, status) {
		return nil
	}
	set = set.DeepCopy()
	return retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		set.Status = *status
		_, err := c.client.AppsV1().StatefulSets(set.Namespace).UpdateStatus(ctx, set, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			return err
		}
		latest, getErr := c.client.AppsV1().StatefulSets(set.Namespace).Get(ctx, set.Name, metav1.GetOptions{})
		if getErr != nil {
			return getErr
		}
		set = latest
		return err
	})
}
