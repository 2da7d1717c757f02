package deployment

import (
	"maps"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func testDeployment(replicas int32, surge, unavailable string) *appsv1.Deployment {
	s, u := intstr.Parse(surge), intstr.Parse(unavailable)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", Annotations: map[string]string{
			"team": "a", corev1.LastAppliedConfigAnnotation: "{}", RevisionAnnotation: "9",
		}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(replicas),
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &s, MaxUnavailable: &u}},
		},
	}
}

func TestSetNewReplicaSetAnnotations(t *testing.T) {
	tests := []struct {
		name        string
		annotations map[string]string
		newRevision int64
		exists      bool
		want        map[string]string
		wantChanged bool
	}{
		{name: "about to be created", newRevision: 1, wantChanged: true, want: map[string]string{
			"team": "a", RevisionAnnotation: "1", DesiredReplicasAnnotation: "4", MaxReplicasAnnotation: "5",
		}},
		{name: "up to date", exists: true, newRevision: 2,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "2"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "2"}},
		{name: "higher revision stays", exists: true, newRevision: 2,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "5"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "5"}},
		{name: "rolled back to", exists: true, newRevision: 4, wantChanged: true,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "2"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "4", RevisionHistoryAnnotation: "2"}},
		{name: "rolled back to again", exists: true, newRevision: 6, wantChanged: true,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "4", RevisionHistoryAnnotation: "2"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "6", RevisionHistoryAnnotation: "2,4"}},
		{name: "history at its limit drops the oldest", exists: true, newRevision: 1001, wantChanged: true,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "1000", RevisionHistoryAnnotation: "10," + strings.Repeat("9", 1994)},
			want:        map[string]string{"team": "a", RevisionAnnotation: "1001", RevisionHistoryAnnotation: strings.Repeat("9", 1994) + ",1000"}},
		{name: "annotations copied", exists: true, newRevision: 1, wantChanged: true,
			annotations: map[string]string{RevisionAnnotation: "1"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "1"}},
		{name: "revision not a number", exists: true, newRevision: 3,
			annotations: map[string]string{"team": "a", RevisionAnnotation: "x"},
			want:        map[string]string{"team": "a", RevisionAnnotation: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Annotations: maps.Clone(tt.annotations)}}
			changed := setNewReplicaSetAnnotations(testDeployment(4, "1", "0"), rs, tt.newRevision, tt.exists)
			if changed != tt.wantChanged || !maps.Equal(rs.Annotations, tt.want) {
				t.Errorf("changed %v, annotations %v; want %v, %v", changed, rs.Annotations, tt.wantChanged, tt.want)
			}
		})
	}
}

func TestMaxRevision(t *testing.T) {
	rs := func(rev string) *appsv1.ReplicaSet {
		return &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{RevisionAnnotation: rev}}}
	}
	if got := maxRevision([]*appsv1.ReplicaSet{rs("3"), rs("x"), rs("12"), {}}); got != 12 {
		t.Errorf("maxRevision = %d, want 12", got)
	}
}
