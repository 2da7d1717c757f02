package disruption

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// DeletionTimeout is how long a pod the eviction subresource recorded in status.disruptedPods is
// expected to take to be marked for deletion; past it, the eviction is taken not to have happened.
const DeletionTimeout = 2 * time.Minute

// scaleFunc returns the sum of the scales of the pods' controllers, and the names of the pods that
// have no controller.
type scaleFunc func(pods []*corev1.Pod) (expected int32, unmanaged []string, err error)

// desired returns how many pods a budget expects and how many of them it wants healthy. An integer
// minAvailable counts the selected pods; a percentage, and any maxUnavailable, are of the
// controllers' scale, rounded up.
func desired(pdb *policyv1.PodDisruptionBudget, pods []*corev1.Pod, scale scaleFunc) (expected, desiredHealthy int32, unmanaged []string, err error) {
	switch {
	case pdb.Spec.MaxUnavailable != nil:
		if expected, unmanaged, err = scale(pods); err != nil {
			return 0, 0, nil, err
		}
		maxUnavailable, err := intstr.GetScaledValueFromIntOrPercent(pdb.Spec.MaxUnavailable, int(expected), true)
		if err != nil {
			return 0, 0, nil, err
		}
		return expected, max(expected-int32(maxUnavailable), 0), unmanaged, nil
	case pdb.Spec.MinAvailable != nil && pdb.Spec.MinAvailable.Type == intstr.Int:
		return int32(len(pods)), pdb.Spec.MinAvailable.IntVal, nil, nil
	case pdb.Spec.MinAvailable != nil:
		if expected, unmanaged, err = scale(pods); err != nil {
			return 0, 0, nil, err
		}
		minAvailable, err := intstr.GetScaledValueFromIntOrPercent(pdb.Spec.MinAvailable, int(expected), true)
		if err != nil {
			return 0, 0, nil, err
		}
		return expected, int32(minAvailable), unmanaged, nil
	}
	return 0, 0, nil, nil
}

// disruptedPods keeps the entries of status.disruptedPods whose pods still exist, are not marked
// for deletion yet and are still within DeletionTimeout, and returns when the earliest of them
// times out. expired lists the pods whose eviction did not happen.
func disruptedPods(pdb *policyv1.PodDisruptionBudget, pods []*corev1.Pod, now time.Time) (kept map[string]metav1.Time, recheck *time.Time, expired []*corev1.Pod) {
	kept = map[string]metav1.Time{}
	for _, p := range pods {
		if p.DeletionTimestamp != nil {
			continue
		}
		at, ok := pdb.Status.DisruptedPods[p.Name]
		if !ok {
			continue
		}
		deadline := at.Add(DeletionTimeout)
		if deadline.Before(now) {
			expired = append(expired, p)
			continue
		}
		if recheck == nil || deadline.Before(*recheck) {
			recheck = &deadline
		}
		kept[p.Name] = at
	}
	return kept, recheck, expired
}

// healthyPods counts the ready pods that are neither being deleted nor about to be.
func healthyPods(pods []*corev1.Pod, disrupted map[string]metav1.Time, now time.Time) int32 {
	var healthy int32
	for _, p := range pods {
		if p.DeletionTimestamp != nil {
			continue
		}
		if at, ok := disrupted[p.Name]; ok && at.Add(DeletionTimeout).After(now) {
			continue
		}
		if IsPodReady(p) {
			healthy++
		}
	}
	return healthy
}

// disruptionsAllowed is what the healthy pods exceed the desired ones by; nothing while the budget
// expects no pods, so that a budget whose first pods just appeared allows nothing before this
// controller counts them.
func disruptionsAllowed(currentHealthy, desiredHealthy, expected int32) int32 {
	if expected <= 0 || currentHealthy <= desiredHealthy {
		return 0
	}
	return currentHealthy - desiredHealthy
}

// IsPodReady tells whether a pod's Ready condition is true.
func IsPodReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// unmanagedMessage is the warning for a budget that selects pods no controller owns, whose scale
// cannot be known.
func unmanagedMessage(pdb *policyv1.PodDisruptionBudget) string {
	return fmt.Sprintf("Pods selected by this PodDisruptionBudget (selector: %v) were found "+
		"to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. "+
		"To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.", pdb.Spec.Selector)
}
