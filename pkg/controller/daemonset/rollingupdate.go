package daemonset

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// scaled returns v, a count or a percentage of desired rounded up, and 0 when unset.
func scaled(v *intstr.IntOrString, desired int) int {
	if v == nil {
		return 0
	}
	n, err := intstr.GetScaledValueFromIntOrPercent(v, desired, true)
	if err != nil {
		return 0
	}
	return n
}

// maxSurge tells whether ds surges, the number only mattering for the rolling update itself.
func maxSurge(ds *appsv1.DaemonSet) int {
	if ds.Spec.UpdateStrategy.Type != appsv1.RollingUpdateDaemonSetStrategyType || ds.Spec.UpdateStrategy.RollingUpdate == nil {
		return 0
	}
	return scaled(ds.Spec.UpdateStrategy.RollingUpdate.MaxSurge, 1)
}

// limits returns ds's maxSurge and maxUnavailable for desired scheduled pods; at least one of them
// lets the update progress.
func limits(ds *appsv1.DaemonSet, desired int) (surge, unavailable int) {
	if ru := ds.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		surge = scaled(ru.MaxSurge, desired)
		unavailable = scaled(ru.MaxUnavailable, desired)
	}
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	return surge, unavailable
}

// newAndOld returns a node's pod at the current template and its older one, and false when the
// node has more than one of either, which manage cleans up first.
func newAndOld(ds *appsv1.DaemonSet, pods []*corev1.Pod, hash string) (updated, old *corev1.Pod, ok bool) {
	generation := templateGeneration(ds)
	for _, pod := range pods {
		if pod.DeletionTimestamp != nil {
			continue
		}
		if isUpdated(pod, hash, generation) {
			if updated != nil {
				return nil, nil, false
			}
			updated = pod
		} else {
			if old != nil {
				return nil, nil, false
			}
			old = pod
		}
	}
	return updated, old, true
}

// rollingUpdate replaces old daemon pods: without surge by deleting as many available ones as
// maxUnavailable allows (manage recreates them), with surge by creating new ones beside up to
// maxSurge old ones and deleting the old once the new are available.
func (c *Controller) rollingUpdate(ctx context.Context, ds *appsv1.DaemonSet, nodes []*corev1.Node, byNode map[string][]*corev1.Pod, hash string) error {
	desired := 0
	for _, node := range nodes {
		if run, _ := shouldRun(node, ds); run {
			desired++
		}
	}
	surge, maxUnavailable := limits(ds, desired)
	now := c.clock.Now()
	available := func(pod *corev1.Pod) bool { return podcontrol.IsAvailable(pod, ds.Spec.MinReadySeconds, now) }

	if surge == 0 {
		unavailable := 0
		var replace, candidates []string
		for _, pods := range byNode {
			updated, old, ok := newAndOld(ds, pods, hash)
			switch {
			case !ok, (updated == nil) == (old == nil):
				unavailable++
			case updated != nil:
				if !available(updated) {
					unavailable++
				}
			case !available(old):
				// An old pod that serves nothing anyway is replaced at once.
				replace = append(replace, old.Name)
				unavailable++
			case unavailable < maxUnavailable:
				candidates = append(candidates, old.Name)
			}
		}
		room := max(0, min(maxUnavailable-unavailable, len(candidates)))
		return c.syncNodes(ctx, ds, append(replace, candidates[:room]...), nil, hash)
	}

	surging, availableNodes := 0, 0
	var toDelete, replaceOn, candidates, sunset []string
	for name, pods := range byNode {
		updated, old, ok := newAndOld(ds, pods, hash)
		if !ok {
			surging++
			continue
		}
		if (old != nil && available(old)) || (old == nil && updated != nil && available(updated)) {
			availableNodes++
		}
		switch {
		case old == nil:
		case updated == nil:
			node, err := c.nodes.Get(name)
			if err != nil {
				return fmt.Errorf("couldn't get node for nodeName %q: %w", name, err)
			}
			run, _ := shouldRun(node, ds)
			switch {
			case !available(old) && !run:
				toDelete = append(toDelete, old.Name)
			case !available(old):
				// An old pod that serves nothing anyway is replaced at once.
				replaceOn = append(replaceOn, name)
			case !run:
				sunset = append(sunset, old.Name)
			case surging < surge:
				candidates = append(candidates, name)
			}
		case !available(updated):
			surging++
		default:
			toDelete = append(toDelete, old.Name)
		}
	}
	// Old pods on nodes the set no longer wants go only while pods elsewhere keep the set available.
	if extra := min(availableNodes-desired, len(sunset)); extra > 0 {
		toDelete = append(toDelete, sunset[:extra]...)
	}
	room := max(0, min(surge-surging, len(candidates)))
	return c.syncNodes(ctx, ds, toDelete, append(replaceOn, candidates[:room]...), hash)
}
