package deployment

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// rolloutRecreate scales all old ReplicaSets to zero, waits until none of their pods runs, and
// only then creates and scales up the new one.
func (c *Controller) rolloutRecreate(ctx context.Context, d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods map[types.UID][]*corev1.Pod) error {
	// The new ReplicaSet is not created yet, so that nothing scales up before the old pods are gone.
	newRS, old, err := c.replicaSetsAndRevision(ctx, d, rss, false)
	if err != nil {
		return err
	}
	all := append(old, newRS)
	scaledDown := false
	for i, rs := range old {
		if *rs.Spec.Replicas == 0 {
			continue
		}
		scaled, updated, err := c.scaleAndRecord(ctx, rs, 0, d)
		if err != nil {
			return err
		}
		if scaled {
			old[i] = updated
			scaledDown = true
		}
	}
	if scaledDown || oldPodsRunning(newRS, old, pods) {
		return c.syncRolloutStatus(ctx, d, all, newRS)
	}
	if newRS == nil {
		newRS, old, err = c.replicaSetsAndRevision(ctx, d, rss, true)
		if err != nil {
			return err
		}
		all = append(old, newRS)
	}
	if _, _, err := c.scaleAndRecord(ctx, newRS, *d.Spec.Replicas, d); err != nil {
		return err
	}
	if complete(d, &d.Status) {
		if err := c.cleanup(ctx, d, old); err != nil {
			return err
		}
	}
	return c.syncRolloutStatus(ctx, d, all, newRS)
}

// oldPodsRunning tells whether an old ReplicaSet reports pods, or one of its pods has not
// finished: a pod in phase Unknown may still run.
func oldPodsRunning(newRS *appsv1.ReplicaSet, old []*appsv1.ReplicaSet, pods map[types.UID][]*corev1.Pod) bool {
	if sum(old, statusReplicas) > 0 {
		return true
	}
	for uid, ps := range pods {
		if newRS != nil && uid == newRS.UID {
			continue
		}
		for _, p := range ps {
			if p.Status.Phase != corev1.PodFailed && p.Status.Phase != corev1.PodSucceeded {
				return true
			}
		}
	}
	return false
}
