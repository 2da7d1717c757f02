package deployment

import (
	"context"
	"fmt"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/klog/v2"
)

// rolloutRolling takes one step of a rolling update: it scales the new ReplicaSet up as far as
// the surge allows or else the old ones down as far as availability allows, and once complete
// cleans up old ReplicaSets.
func (c *Controller) rolloutRolling(ctx context.Context, d *appsv1.Deployment, rss []*appsv1.ReplicaSet) error {
	newRS, old, err := c.replicaSetsAndRevision(ctx, d, rss, true)
	if err != nil {
		return err
	}
	all := append(old, newRS)
	scaledUp, err := c.reconcileNew(ctx, d, all, newRS)
	if err != nil {
		return err
	}
	if scaledUp {
		return c.syncRolloutStatus(ctx, d, all, newRS)
	}
	scaledDown, err := c.reconcileOld(ctx, d, all, active(old), newRS)
	if err != nil {
		return err
	}
	if scaledDown {
		return c.syncRolloutStatus(ctx, d, all, newRS)
	}
	if complete(d, &d.Status) {
		if err := c.cleanup(ctx, d, old); err != nil {
			return err
		}
	}
	return c.syncRolloutStatus(ctx, d, all, newRS)
}

// reconcileNew scales the new ReplicaSet towards replicas within the surge.
func (c *Controller) reconcileNew(ctx context.Context, d *appsv1.Deployment, all []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) (bool, error) {
	switch {
	case *newRS.Spec.Replicas == *d.Spec.Replicas:
		return false, nil
	case *newRS.Spec.Replicas > *d.Spec.Replicas:
		scaled, _, err := c.scaleAndRecord(ctx, newRS, *d.Spec.Replicas, d)
		return scaled, err
	}
	size, err := newReplicas(d, all, newRS)
	if err != nil {
		return false, err
	}
	scaled, _, err := c.scaleAndRecord(ctx, newRS, size, d)
	return scaled, err
}

// reconcileOld scales old ReplicaSets down as far as keeping replicas-maxUnavailable pods
// available allows, their unhealthy pods first.
func (c *Controller) reconcileOld(ctx context.Context, d *appsv1.Deployment, all, old []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) (bool, error) {
	if sum(old, specReplicas) == 0 {
		return false, nil
	}
	allPods := sum(all, specReplicas)
	minAvailable := *d.Spec.Replicas - maxUnavailable(d)
	newUnavailable := *newRS.Spec.Replicas - newRS.Status.AvailableReplicas
	// Pods of the new ReplicaSet that are not available yet will be, so they are not counted on.
	maxScaledDown := allPods - minAvailable - newUnavailable
	if maxScaledDown <= 0 {
		return false, nil
	}
	old, cleaned, err := c.cleanupUnhealthy(ctx, d, old, maxScaledDown)
	if err != nil {
		// The next sync tries again; the step made so far is reported by the status.
		return false, nil
	}
	klog.V(4).InfoS("Cleaned up unhealthy replicas from old RSes", "count", cleaned)
	scaledDown, err := c.scaleDownOld(ctx, d, append(old, newRS), old)
	if err != nil {
		return false, nil
	}
	klog.V(4).InfoS("Scaled down old RSes", "deployment", klog.KObj(d), "count", scaledDown)
	return cleaned+scaledDown > 0, nil
}

// cleanupUnhealthy scales old ReplicaSets down by their unavailable pods, oldest first, at most
// limit in all: removing those does not lower availability.
func (c *Controller) cleanupUnhealthy(ctx context.Context, d *appsv1.Deployment, old []*appsv1.ReplicaSet, limit int32) ([]*appsv1.ReplicaSet, int32, error) {
	sort.SliceStable(old, byCreation(old))
	total := int32(0)
	for i, rs := range old {
		if total >= limit {
			break
		}
		if *rs.Spec.Replicas == 0 || *rs.Spec.Replicas == rs.Status.AvailableReplicas {
			continue
		}
		down := min(limit-total, *rs.Spec.Replicas-rs.Status.AvailableReplicas)
		size := *rs.Spec.Replicas - down
		if size > *rs.Spec.Replicas {
			return nil, 0, fmt.Errorf("when cleaning up unhealthy replicas, got invalid request to scale down %s/%s %d -> %d", rs.Namespace, rs.Name, *rs.Spec.Replicas, size)
		}
		_, updated, err := c.scaleAndRecord(ctx, rs, size, d)
		if err != nil {
			return nil, total, err
		}
		total += down
		old[i] = updated
	}
	return old, total, nil
}

// scaleDownOld scales old ReplicaSets down, oldest first, by the available pods beyond
// replicas-maxUnavailable.
func (c *Controller) scaleDownOld(ctx context.Context, d *appsv1.Deployment, all, old []*appsv1.ReplicaSet) (int32, error) {
	minAvailable := *d.Spec.Replicas - maxUnavailable(d)
	available := sum(all, availableReplicas)
	if available <= minAvailable {
		return 0, nil
	}
	sort.SliceStable(old, byCreation(old))
	total, want := int32(0), available-minAvailable
	for _, rs := range old {
		if total >= want {
			break
		}
		if *rs.Spec.Replicas == 0 {
			continue
		}
		down := min(*rs.Spec.Replicas, want-total)
		if _, _, err := c.scaleAndRecord(ctx, rs, *rs.Spec.Replicas-down, d); err != nil {
			return total, err
		}
		total += down
	}
	return total, nil
}
