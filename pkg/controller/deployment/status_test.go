package deployment

import (
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestCalculateStatus(t *testing.T) {
	withStatus := func(rs *appsv1.ReplicaSet, replicas, ready, available int32) *appsv1.ReplicaSet {
		rs.Status = appsv1.ReplicaSetStatus{Replicas: replicas, ReadyReplicas: ready, AvailableReplicas: available, TerminatingReplicas: ptr.To[int32](1)}
		return rs
	}
	now := metav1.Now()
	tests := []struct {
		name       string
		all        []*appsv1.ReplicaSet
		newRS      int
		want       appsv1.DeploymentStatus
		wantReason string
	}{
		{name: "mid rollout, available", newRS: 0, all: []*appsv1.ReplicaSet{
			withStatus(replicaSet("new", 2, 2), 2, 1, 1), withStatus(replicaSet("old", 2, 1), 2, 2, 2),
		}, want: appsv1.DeploymentStatus{Replicas: 4, UpdatedReplicas: 2, ReadyReplicas: 3, AvailableReplicas: 3, UnavailableReplicas: 1, TerminatingReplicas: ptr.To[int32](2)},
			wantReason: MinimumReplicasAvailable},
		{name: "too few available", newRS: 0, all: []*appsv1.ReplicaSet{withStatus(replicaSet("new", 4, 2), 4, 2, 2)},
			want:       appsv1.DeploymentStatus{Replicas: 4, UpdatedReplicas: 4, ReadyReplicas: 2, AvailableReplicas: 2, UnavailableReplicas: 2, TerminatingReplicas: ptr.To[int32](1)},
			wantReason: MinimumReplicasUnavailable},
		{name: "no new replica set", newRS: -1, all: []*appsv1.ReplicaSet{withStatus(replicaSet("old", 4, 1), 4, 4, 4), nil},
			want:       appsv1.DeploymentStatus{Replicas: 4, ReadyReplicas: 4, AvailableReplicas: 4, TerminatingReplicas: ptr.To[int32](1)},
			wantReason: MinimumReplicasAvailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDeployment(4, "1", "1")
			d.Generation = 7
			var newRS *appsv1.ReplicaSet
			if tt.newRS >= 0 {
				newRS = tt.all[tt.newRS]
			}
			got := calculateStatus(d, tt.all, newRS, now)
			cond := condition(got, appsv1.DeploymentAvailable)
			got.Conditions = nil
			tt.want.ObservedGeneration = 7
			if got.Replicas != tt.want.Replicas || got.UpdatedReplicas != tt.want.UpdatedReplicas || got.ReadyReplicas != tt.want.ReadyReplicas ||
				got.AvailableReplicas != tt.want.AvailableReplicas || got.UnavailableReplicas != tt.want.UnavailableReplicas ||
				!ptr.Equal(got.TerminatingReplicas, tt.want.TerminatingReplicas) || got.ObservedGeneration != 7 {
				t.Errorf("status %+v, want %+v", got, tt.want)
			}
			if cond == nil || cond.Reason != tt.wantReason {
				t.Errorf("Available condition %+v, want reason %s", cond, tt.wantReason)
			}
		})
	}
}

func TestTimedOut(t *testing.T) {
	now := time.Now()
	progressing := func(reason string, ago time.Duration) appsv1.DeploymentStatus {
		return appsv1.DeploymentStatus{Conditions: []appsv1.DeploymentCondition{
			newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, reason, "", metav1.NewTime(now.Add(-ago))),
		}}
	}
	tests := []struct {
		name     string
		status   appsv1.DeploymentStatus
		deadline *int32
		want     bool
	}{
		{name: "progress within the deadline", status: progressing(ReplicaSetUpdatedReason, 5*time.Second), deadline: ptr.To[int32](10)},
		{name: "no progress past the deadline", status: progressing(ReplicaSetUpdatedReason, 11*time.Second), deadline: ptr.To[int32](10), want: true},
		{name: "completed long ago", status: progressing(NewRSAvailableReason, time.Hour), deadline: ptr.To[int32](10)},
		{name: "timed out already", status: progressing(TimedOutReason, 0), deadline: ptr.To[int32](10), want: true},
		{name: "no deadline", status: progressing(ReplicaSetUpdatedReason, time.Hour)},
		{name: "no condition", deadline: ptr.To[int32](10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDeployment(1, "1", "0")
			d.Spec.ProgressDeadlineSeconds = tt.deadline
			if got := timedOut(d, &tt.status, now); got != tt.want {
				t.Errorf("timedOut = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSetCondition(t *testing.T) {
	then, now := metav1.Unix(100, 0), metav1.Unix(200, 0)
	status := appsv1.DeploymentStatus{}
	setCondition(&status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, NewReplicaSetReason, "created", then))
	setCondition(&status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, NewReplicaSetReason, "again", now))
	if c := status.Conditions[0]; c.Message != "created" || !c.LastUpdateTime.Equal(&then) {
		t.Errorf("same status and reason replaced the condition: %+v", c)
	}
	setCondition(&status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, NewRSAvailableReason, "done", now))
	if c := status.Conditions[0]; len(status.Conditions) != 1 || c.Reason != NewRSAvailableReason || !c.LastTransitionTime.Equal(&then) || !c.LastUpdateTime.Equal(&now) {
		t.Errorf("a new reason with the same status: %+v, want the transition time kept", status.Conditions)
	}
	setCondition(&status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionFalse, TimedOutReason, "late", now))
	if c := status.Conditions[0]; !c.LastTransitionTime.Equal(&now) {
		t.Errorf("a new status kept the transition time: %+v", c)
	}
}
