package statefulset

import (
	"context"
	"math"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// replicaSlots splits pods into the slots of the ordinals set keeps, filling the empty ones with
// the pods to create, and the condemned pods beyond them, highest ordinal first.
func replicaSlots(set, currentSet, updateSet *appsv1.StatefulSet, current, update *appsv1.ControllerRevision, pods []*corev1.Pod) (replicas, condemned []*corev1.Pod) {
	start, count := startOrdinal(set), replicaCount(set)
	replicas = make([]*corev1.Pod, count)
	for _, pod := range pods {
		ordinal := ordinalOf(pod)
		if ordinal >= start && ordinal < start+count {
			replicas[ordinal-start] = pod
		} else if ordinal >= 0 {
			condemned = append(condemned, pod)
		}
	}
	for i := range replicas {
		if replicas[i] == nil {
			replicas[i] = versionedPod(currentSet, updateSet, current.Name, update.Name, start+i)
		}
	}
	sortDescending(condemned)
	return replicas, condemned
}

// versionedPod returns the pod of ordinal to create: at the current revision below the rolling
// update's partition, at the update revision otherwise.
func versionedPod(currentSet, updateSet *appsv1.StatefulSet, current, update string, ordinal int) *corev1.Pod {
	strategy := currentSet.Spec.UpdateStrategy
	if strategy.Type == appsv1.RollingUpdateStatefulSetStrategyType {
		bound := startOrdinal(currentSet) + int(currentSet.Status.CurrentReplicas)
		if strategy.RollingUpdate != nil && strategy.RollingUpdate.Partition != nil {
			bound = startOrdinal(currentSet) + int(*strategy.RollingUpdate.Partition)
		}
		if ordinal < bound {
			return newPod(currentSet, ordinal, current)
		}
	}
	return newPod(updateSet, ordinal, update)
}

// firstUnhealthy returns the unhealthy pod with the lowest ordinal, the one that may be deleted
// while others wait for it.
func firstUnhealthy(replicas, condemned []*corev1.Pod) *corev1.Pod {
	var first *corev1.Pod
	lowest := math.MaxInt32
	for _, pods := range [][]*corev1.Pod{replicas, condemned} {
		for _, pod := range pods {
			if isCreated(pod) && !isHealthy(pod) && ordinalOf(pod) < lowest {
				lowest, first = ordinalOf(pod), pod
			}
		}
	}
	return first
}

// forAll runs fn over pods: one after the other, stopping when fn says so, for OrderedReady
// (monotonic) sets; in slow-start batches for Parallel ones, stopping after a batch with errors.
func forAll(pods []*corev1.Pod, monotonic bool, fn func(i int) (bool, error)) (bool, error) {
	if monotonic {
		for i := range pods {
			if stop, err := fn(i); stop || err != nil {
				return true, err
			}
		}
		return false, nil
	}
	_, err := podcontrol.SlowStartBatch(len(pods), 1, func(i int) error {
		_, err := fn(i)
		return err
	})
	return err != nil, err
}

// processReplica brings replica i to life and to its identity, and tells whether an OrderedReady
// set must stop there.
func (c *Controller) processReplica(ctx context.Context, set, updateSet *appsv1.StatefulSet, monotonic bool, replicas []*corev1.Pod, i int) (bool, error) {
	pod := replicas[i]
	if isFinished(pod) {
		// Its successor is created once the finished pod is gone.
		if !isTerminating(pod) {
			if err := c.deletePod(ctx, set, pod); err != nil {
				return true, err
			}
		}
		return true, nil
	}
	if !isCreated(pod) {
		if c.claimIsStale(set, pod) {
			return true, nil
		}
		if err := c.createPod(ctx, set, pod); err != nil {
			return true, err
		}
		return monotonic, nil
	}
	if pod.Status.Phase == corev1.PodPending {
		if err := c.createClaims(ctx, set, pod); err != nil {
			return true, err
		}
	}
	if monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, set.Spec.MinReadySeconds)) {
		return true, nil
	}
	if identityMatches(set, pod) && storageMatches(set, pod) && c.claimOwnersMatch(updateSet, pod) {
		return false, nil
	}
	if err := c.updatePod(ctx, updateSet, pod.DeepCopy()); err != nil {
		return true, err
	}
	return false, nil
}

// processCondemned deletes condemned pod i; an OrderedReady set deletes one at a time, highest
// ordinal first, and only while the others are healthy, except the first unhealthy one.
func (c *Controller) processCondemned(ctx context.Context, set *appsv1.StatefulSet, unhealthy *corev1.Pod, monotonic bool, condemned []*corev1.Pod, i int) (bool, error) {
	pod := condemned[i]
	if isTerminating(pod) {
		return monotonic, nil
	}
	if monotonic && pod != unhealthy && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, set.Spec.MinReadySeconds)) {
		return true, nil
	}
	if err := c.deletePod(ctx, set, pod); err != nil {
		return true, err
	}
	return monotonic, nil
}

// updatePods creates, fixes and deletes set's pods toward its replicas and update revision, and
// returns its status.
func (c *Controller) updatePods(ctx context.Context, set, currentSet, updateSet *appsv1.StatefulSet, current, update *appsv1.ControllerRevision, collisionCount int32, pods []*corev1.Pod) (*appsv1.StatefulSetStatus, error) {
	replicas, condemned := replicaSlots(set, currentSet, updateSet, current, update, pods)
	status := func() *appsv1.StatefulSetStatus {
		return newStatus(set, current, update, collisionCount, append(append([]*corev1.Pod{}, replicas...), condemned...))
	}
	if set.DeletionTimestamp != nil {
		return status(), nil
	}
	monotonic := set.Spec.PodManagementPolicy != appsv1.ParallelPodManagement
	if stop, err := forAll(replicas, monotonic, func(i int) (bool, error) {
		return c.processReplica(ctx, set, updateSet, monotonic, replicas, i)
	}); stop || err != nil {
		return status(), err
	}
	if stop, err := forAll(condemned, monotonic, func(i int) (bool, error) {
		if c.claimOwnersMatch(updateSet, condemned[i]) {
			return false, nil
		}
		return false, c.updateClaimOwners(ctx, updateSet, condemned[i])
	}); stop || err != nil {
		return status(), err
	}
	unhealthy := firstUnhealthy(replicas, condemned)
	if stop, err := forAll(condemned, monotonic, func(i int) (bool, error) {
		return c.processCondemned(ctx, set, unhealthy, monotonic, condemned, i)
	}); stop || err != nil {
		return status(), err
	}
	s := status()
	if set.Spec.UpdateStrategy.Type == appsv1.OnDeleteStatefulSetStrategyType {
		return s, nil
	}
	return s, c.rollingUpdate(ctx, set, replicas, current, update, s)
}

// rollingUpdate deletes the pods at other revisions from the highest ordinal down to the
// partition, as many as maxUnavailable leaves room for; they come back at the update revision.
func (c *Controller) rollingUpdate(ctx context.Context, set *appsv1.StatefulSet, replicas []*corev1.Pod, current, update *appsv1.ControllerRevision, status *appsv1.StatefulSetStatus) error {
	partition, maxUnavailable := 0, 1
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		if ru.Partition != nil {
			partition = int(*ru.Partition)
		}
		if ru.MaxUnavailable != nil {
			n, err := intstr.GetScaledValueFromIntOrPercent(intstr.ValueOrDefault(ru.MaxUnavailable, intstr.FromInt32(1)), len(replicas), false)
			if err != nil {
				return err
			}
			maxUnavailable = max(n, 1)
		}
	}
	unavailable := 0
	for _, pod := range replicas {
		if !isHealthy(pod) || !isRunningAndAvailable(pod, set.Spec.MinReadySeconds) {
			unavailable++
		}
	}
	for target := len(replicas) - 1; target >= partition && unavailable < maxUnavailable; target-- {
		pod := replicas[target]
		if revisionOf(pod) == update.Name || isTerminating(pod) {
			continue
		}
		if err := c.deletePod(ctx, set, pod); err != nil {
			return err
		}
		unavailable++
		if revisionOf(pod) == current.Name {
			status.CurrentReplicas--
		}
	}
	return nil
}
