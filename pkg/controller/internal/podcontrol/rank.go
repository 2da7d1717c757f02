package podcontrol

import (
	"math"
	"sort"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DeletionCostAnnotation is the annotation by which a user marks the pods a controller should
// delete first when it scales down: lower costs go first.
const DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

// phaseOrder puts pods that may not have started before those that run.
var phaseOrder = map[corev1.PodPhase]int{corev1.PodPending: 0, corev1.PodUnknown: 1, corev1.PodRunning: 2}

// SortForDeletion orders pods so that the ones a controller should delete first come first, as
// kube-controller-manager ranks them: unassigned before assigned, Pending before Unknown before
// Running, not ready before ready, lower deletion cost first, pods sharing their node with more of
// related's active pods first, then the more recently ready, the more restarted, and the more
// recently created, the times compared in logarithmic buckets of their age at now.
func SortForDeletion(pods, related []*corev1.Pod, now time.Time) {
	onNode := map[string]int{}
	for _, p := range related {
		if IsActive(p) {
			onNode[p.Spec.NodeName]++
		}
	}
	r := ranked{pods: pods, colocated: make([]int, len(pods)), now: now, costs: true}
	for i, p := range pods {
		r.colocated[i] = onNode[p.Spec.NodeName]
	}
	sort.Sort(r)
}

// SortActive orders pods as kube-controller-manager's ActivePods does, which Jobs delete by:
// like SortForDeletion, but without deletion costs or related pods, and comparing times exactly.
func SortActive(pods []*corev1.Pod) {
	sort.Sort(ranked{pods: pods, colocated: make([]int, len(pods))})
}

// ranked sorts pods together with the number of related pods on each pod's node. Without now,
// times compare exactly; costs tells whether DeletionCostAnnotation counts.
type ranked struct {
	pods      []*corev1.Pod
	colocated []int
	now       time.Time
	costs     bool
}

func (r ranked) Len() int { return len(r.pods) }

func (r ranked) Swap(i, j int) {
	r.pods[i], r.pods[j] = r.pods[j], r.pods[i]
	r.colocated[i], r.colocated[j] = r.colocated[j], r.colocated[i]
}

func (r ranked) Less(i, j int) bool {
	a, b := r.pods[i], r.pods[j]
	if a.Spec.NodeName != b.Spec.NodeName && (a.Spec.NodeName == "" || b.Spec.NodeName == "") {
		return a.Spec.NodeName == ""
	}
	if phaseOrder[a.Status.Phase] != phaseOrder[b.Status.Phase] {
		return phaseOrder[a.Status.Phase] < phaseOrder[b.Status.Phase]
	}
	readyA, readyB := IsReady(a), IsReady(b)
	if readyA != readyB {
		return !readyA
	}
	if costA, costB := deletionCost(a), deletionCost(b); r.costs && costA != costB {
		return costA < costB
	}
	if r.colocated[i] != r.colocated[j] {
		return r.colocated[i] > r.colocated[j]
	}
	if readyA && readyB {
		ta, tb := ReadyCondition(a).LastTransitionTime, ReadyCondition(b).LastTransitionTime
		if !ta.Equal(&tb) {
			return r.newer(a, b, ta, tb)
		}
	}
	if restartsA, restartsB := restarts(a), restarts(b); restartsA != restartsB {
		return restartsA.more(restartsB)
	}
	if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
		return r.newer(a, b, a.CreationTimestamp, b.CreationTimestamp)
	}
	return false
}

// newer tells whether ta, a's time, ranks before tb, b's: a zero time first, then the younger by
// the power of two of its age, ties broken by UID.
func (r ranked) newer(a, b *corev1.Pod, ta, tb metav1.Time) bool {
	if ta.IsZero() || tb.IsZero() {
		return ta.IsZero()
	}
	if r.now.IsZero() {
		return ta.After(tb.Time)
	}
	if diff := ageBucket(ta.Time, r.now) - ageBucket(tb.Time, r.now); diff != 0 {
		return diff < 0
	}
	return a.UID < b.UID
}

// ageBucket is the base-2 logarithm of t's age at now, -1 for a time not in the past, so that pods
// of similar age count as equally old and the UID spreads deletions among them.
func ageBucket(t, now time.Time) int64 {
	age := now.Sub(t)
	if age <= 0 {
		return -1
	}
	return int64(math.Log2(float64(age)))
}

// deletionCost is a pod's DeletionCostAnnotation, 0 when absent or not a 32-bit integer.
func deletionCost(pod *corev1.Pod) int32 {
	cost, err := strconv.ParseInt(pod.Annotations[DeletionCostAnnotation], 10, 32)
	if err != nil {
		return 0
	}
	return int32(cost)
}

// restartCounts are the most restarts of any of a pod's regular containers, and of its sidecars
// (init containers that restart always).
type restartCounts struct{ regular, sidecar int32 }

// more tells whether c ranks before o: more regular restarts, or as many and more sidecar ones.
func (c restartCounts) more(o restartCounts) bool {
	if c.regular != o.regular {
		return c.regular > o.regular
	}
	return c.sidecar > o.sidecar
}

func restarts(pod *corev1.Pod) restartCounts {
	var c restartCounts
	for _, s := range pod.Status.ContainerStatuses {
		c.regular = max(c.regular, s.RestartCount)
	}
	sidecars := map[string]bool{}
	for _, ic := range pod.Spec.InitContainers {
		sidecars[ic.Name] = ic.RestartPolicy != nil && *ic.RestartPolicy == corev1.ContainerRestartPolicyAlways
	}
	for _, s := range pod.Status.InitContainerStatuses {
		if sidecars[s.Name] {
			c.sidecar = max(c.sidecar, s.RestartCount)
		}
	}
	return c
}
