package statefulset

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestReplicaSlots(t *testing.T) {
	set := testSet(3)
	current := &appsv1.ControllerRevision{ObjectMeta: metav1.ObjectMeta{Name: "web-old"}}
	update := &appsv1.ControllerRevision{ObjectMeta: metav1.ObjectMeta{Name: "web-new"}}
	set.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{
		Type:          appsv1.RollingUpdateStatefulSetStrategyType,
		RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(2))},
	}
	existing := newPod(set, 1, "web-old")
	existing.Status.Phase = corev1.PodRunning
	pods := []*corev1.Pod{existing, newPod(set, 3, "web-old"), newPod(set, 5, "web-old")}
	replicas, condemned := replicaSlots(set, set, set, current, update, pods)
	want := []struct {
		name, revision string
	}{{"web-0", "web-old"}, {"web-1", "web-old"}, {"web-2", "web-new"}}
	for i, w := range want {
		if replicas[i].Name != w.name || revisionOf(replicas[i]) != w.revision {
			t.Errorf("slot %d: %s at %s, want %s at %s", i, replicas[i].Name, revisionOf(replicas[i]), w.name, w.revision)
		}
	}
	if replicas[1] != existing {
		t.Error("the existing pod does not fill its slot")
	}
	if len(condemned) != 2 || condemned[0].Name != "web-5" || condemned[1].Name != "web-3" {
		t.Errorf("condemned %v, want web-5 then web-3", condemned)
	}
}

func TestNewStatus(t *testing.T) {
	set := testSet(3)
	set.Generation = 4
	current := &appsv1.ControllerRevision{ObjectMeta: metav1.ObjectMeta{Name: "old"}}
	update := &appsv1.ControllerRevision{ObjectMeta: metav1.ObjectMeta{Name: "new"}}
	pod := func(ordinal int, revision string, phase corev1.PodPhase, ready, deleting bool) *corev1.Pod {
		p := newPod(set, ordinal, revision)
		p.Status.Phase = phase
		if ready {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
		}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{}
		}
		return p
	}
	pods := []*corev1.Pod{
		pod(0, "old", corev1.PodRunning, true, false),
		pod(1, "new", corev1.PodRunning, true, false),
		pod(2, "new", corev1.PodPending, false, false),
		pod(3, "old", corev1.PodRunning, true, true),
		pod(4, "new", "", false, false),
	}
	s := newStatus(set, current, update, 2, pods)
	if s.Replicas != 4 || s.ReadyReplicas != 3 || s.AvailableReplicas != 3 || s.CurrentReplicas != 1 || s.UpdatedReplicas != 2 ||
		s.ObservedGeneration != 4 || s.CurrentRevision != "old" || s.UpdateRevision != "new" || *s.CollisionCount != 2 {
		t.Errorf("status %+v", s)
	}
}

func ptr[T any](v T) *T { return &v }
