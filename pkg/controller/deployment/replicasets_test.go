package deployment

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8stypes "k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func TestFenceposts(t *testing.T) {
	tests := []struct {
		surge, unavailable string
		desired            int32
		wantSurge, wantU   int32
	}{
		{"25%", "25%", 4, 1, 1},
		{"25%", "25%", 3, 1, 0},
		{"25%", "25%", 10, 3, 2},
		{"0", "0", 3, 0, 1},
		{"0%", "10%", 5, 0, 1},
		{"2", "50%", 5, 2, 2},
	}
	for _, tt := range tests {
		s, u := intstr.Parse(tt.surge), intstr.Parse(tt.unavailable)
		gotS, gotU, err := fenceposts(&s, &u, tt.desired)
		if err != nil || gotS != tt.wantSurge || gotU != tt.wantU {
			t.Errorf("fenceposts(%s, %s, %d) = %d, %d, %v; want %d, %d", tt.surge, tt.unavailable, tt.desired, gotS, gotU, err, tt.wantSurge, tt.wantU)
		}
	}
}

func replicaSet(name string, replicas int32, created int64) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: name, UID: k8stypes.UID("uid-" + name), CreationTimestamp: metav1.Unix(created, 0)},
		Spec:       appsv1.ReplicaSetSpec{Replicas: ptr.To(replicas)},
	}
}

func TestNewReplicas(t *testing.T) {
	tests := []struct {
		name     string
		d        *appsv1.Deployment
		newSize  int32
		oldSizes []int32
		want     int32
	}{
		{name: "first rollout up to replicas", d: testDeployment(3, "1", "0"), want: 3},
		{name: "room for the surge", d: testDeployment(3, "1", "0"), oldSizes: []int32{3}, want: 1},
		{name: "no room", d: testDeployment(3, "1", "0"), newSize: 1, oldSizes: []int32{3}, want: 1},
		{name: "room after old scaled down", d: testDeployment(3, "1", "0"), newSize: 1, oldSizes: []int32{2}, want: 2},
		{name: "never beyond replicas", d: testDeployment(3, "2", "0"), newSize: 2, oldSizes: []int32{0}, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newRS := replicaSet("new", tt.newSize, 2)
			all := []*appsv1.ReplicaSet{newRS}
			for _, size := range tt.oldSizes {
				all = append(all, replicaSet("old", size, 1))
			}
			got, err := newReplicas(tt.d, all, newRS)
			if err != nil || got != tt.want {
				t.Errorf("newReplicas = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
	recreate := testDeployment(3, "1", "0")
	recreate.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	if got, _ := newReplicas(recreate, []*appsv1.ReplicaSet{replicaSet("old", 3, 1)}, replicaSet("new", 0, 2)); got != 3 {
		t.Errorf("Recreate newReplicas = %d, want all 3", got)
	}
}

func TestProportion(t *testing.T) {
	sized := func(replicas, most int32) *appsv1.ReplicaSet {
		rs := replicaSet("rs", replicas, 1)
		setReplicasAnnotations(rs, most-1, most)
		return rs
	}
	tests := []struct {
		name         string
		rs           *appsv1.ReplicaSet
		replicas     int32
		toAdd, added int32
		want         int32
	}{
		// A deployment of 10 (+3 surge) split 8/5 scaled to 20 (+5 surge): 25 allowed.
		{name: "grows in proportion", rs: sized(8, 13), replicas: 20, toAdd: 12, want: 7},
		{name: "within what is left", rs: sized(8, 13), replicas: 20, toAdd: 12, added: 10, want: 2},
		{name: "shrinks in proportion", rs: sized(8, 13), replicas: 5, toAdd: -6, want: -4},
		{name: "to zero takes everything", rs: sized(8, 13), replicas: 0, toAdd: -13, want: -8},
		{name: "an empty replica set gets nothing", rs: sized(0, 13), replicas: 20, toAdd: 12, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := proportion(tt.rs, testDeployment(tt.replicas, "25%", "25%"), tt.toAdd, tt.added); got != tt.want {
				t.Errorf("proportion = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFindNewAndOldReplicaSets(t *testing.T) {
	d := testDeployment(3, "1", "0")
	d.Spec.Template.Labels = map[string]string{"app": "web"}
	current := replicaSet("current", 1, 5)
	current.Spec.Template.Labels = map[string]string{"app": "web", appsv1.DefaultDeploymentUniqueLabelKey: "abc"}
	twin := replicaSet("twin", 1, 7)
	twin.Spec.Template.Labels = map[string]string{"app": "web", appsv1.DefaultDeploymentUniqueLabelKey: "def"}
	old := replicaSet("old", 2, 1)
	old.Spec.Template.Labels = map[string]string{"app": "db"}
	rss := []*appsv1.ReplicaSet{twin, old, current}
	if got := findNewReplicaSet(d, rss); got != current {
		t.Errorf("new replica set %v, want the oldest with the template", got)
	}
	if got := oldReplicaSets(d, rss); len(got) != 2 || got[0] != old || got[1] != twin {
		t.Errorf("old replica sets %v, want old and twin", got)
	}
}
