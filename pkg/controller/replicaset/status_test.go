package replicaset

import (
	"errors"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"
)

func TestStatus(t *testing.T) {
	now := time.Now()
	pod := func(labels map[string]string, readyFor time.Duration) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Labels: labels}}
		if readyFor >= 0 {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(now.Add(-readyFor))}}
		}
		return p
	}
	full := map[string]string{"app": "web", "tier": "front"}
	partial := map[string]string{"app": "web"}
	failure := appsv1.ReplicaSetCondition{Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate", Message: "old"}
	tests := []struct {
		name              string
		replicas          int32
		active            []*corev1.Pod
		terminating       int
		countsTerminating bool
		conditions        []appsv1.ReplicaSetCondition
		manageErr         error
		want              appsv1.ReplicaSetStatus
	}{
		{name: "counts", replicas: 3, countsTerminating: true, terminating: 2,
			active: []*corev1.Pod{pod(full, -1), pod(partial, time.Minute), pod(full, time.Second)},
			want:   appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 2, ReadyReplicas: 2, AvailableReplicas: 1, TerminatingReplicas: ptr.To[int32](2)}},
		{name: "replication controllers do not count terminating pods", replicas: 1, terminating: 2,
			active: []*corev1.Pod{pod(full, time.Minute)},
			want:   appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, ReadyReplicas: 1, AvailableReplicas: 1}},
		{name: "failed create", replicas: 2, countsTerminating: true, manageErr: errors.New("quota"),
			active: []*corev1.Pod{pod(full, -1)},
			want: appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, TerminatingReplicas: ptr.To[int32](0), Conditions: []appsv1.ReplicaSetCondition{
				{Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate", Message: "quota", LastTransitionTime: metav1.NewTime(now)},
			}}},
		{name: "failed delete", replicas: 0, countsTerminating: true, manageErr: errors.New("refused"),
			active: []*corev1.Pod{pod(full, -1)},
			want: appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, TerminatingReplicas: ptr.To[int32](0), Conditions: []appsv1.ReplicaSetCondition{
				{Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedDelete", Message: "refused", LastTransitionTime: metav1.NewTime(now)},
			}}},
		{name: "an existing failure stays as it is", replicas: 2, countsTerminating: true, manageErr: errors.New("quota"), conditions: []appsv1.ReplicaSetCondition{failure},
			active: []*corev1.Pod{pod(full, -1)},
			want:   appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, TerminatingReplicas: ptr.To[int32](0), Conditions: []appsv1.ReplicaSetCondition{failure}}},
		{name: "success clears the failure", replicas: 1, countsTerminating: true, conditions: []appsv1.ReplicaSetCondition{failure},
			active: []*corev1.Pod{pod(full, -1)},
			want:   appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, TerminatingReplicas: ptr.To[int32](0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Controller{kind: Kind{countsTerminating: tt.countsTerminating}, clock: clocktesting.NewFakePassiveClock(now)}
			rs := &appsv1.ReplicaSet{
				Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To(tt.replicas), MinReadySeconds: 10,
					Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: full}}},
				Status: appsv1.ReplicaSetStatus{Conditions: tt.conditions},
			}
			got := c.status(rs, tt.active, make([]*corev1.Pod, tt.terminating), tt.manageErr)
			if got.Replicas != tt.want.Replicas || got.FullyLabeledReplicas != tt.want.FullyLabeledReplicas || got.ReadyReplicas != tt.want.ReadyReplicas ||
				got.AvailableReplicas != tt.want.AvailableReplicas || !ptr.Equal(got.TerminatingReplicas, tt.want.TerminatingReplicas) ||
				len(got.Conditions) != len(tt.want.Conditions) {
				t.Fatalf("status %+v, want %+v", got, tt.want)
			}
			for i := range got.Conditions {
				if g, w := got.Conditions[i], tt.want.Conditions[i]; g.Reason != w.Reason || g.Message != w.Message || !g.LastTransitionTime.Equal(&w.LastTransitionTime) {
					t.Errorf("condition %+v, want %+v", g, w)
				}
			}
		})
	}
}

func TestReplicationControllerConversion(t *testing.T) {
	rc := &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", UID: "uid", ResourceVersion: "7", Generation: 3},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr.To[int32](2), MinReadySeconds: 5, Selector: map[string]string{"app": "web"},
			Template: &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}}},
		},
		Status: corev1.ReplicationControllerStatus{Replicas: 2, FullyLabeledReplicas: 2, ReadyReplicas: 1, AvailableReplicas: 1, ObservedGeneration: 3,
			Conditions: []corev1.ReplicationControllerCondition{{Type: corev1.ReplicationControllerReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate"}}},
	}
	rs := replicaSetOf(rc)
	if rs.Spec.Selector.MatchLabels["app"] != "web" || rs.Status.Conditions[0].Type != appsv1.ReplicaSetReplicaFailure || rs.UID != "uid" {
		t.Errorf("as a replica set: %+v", rs)
	}
	back := replicationControllerOf(rs)
	if back.Name != rc.Name || back.ResourceVersion != "7" || *back.Spec.Replicas != 2 || back.Spec.MinReadySeconds != 5 ||
		back.Spec.Selector["app"] != "web" || back.Spec.Template.Labels["app"] != "web" || !reflect.DeepEqual(back.Status, rc.Status) {
		t.Errorf("round trip: %+v, want %+v", back, rc)
	}
}
