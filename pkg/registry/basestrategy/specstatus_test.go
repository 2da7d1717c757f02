package basestrategy

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func storedReplicaSet() *appsv1.ReplicaSet {
	replicas := int32(2)
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "rs", Generation: 4},
		Spec:       appsv1.ReplicaSetSpec{Replicas: &replicas},
		Status:     appsv1.ReplicaSetStatus{Replicas: 2},
	}
}

func TestResetStatusForCreate(t *testing.T) {
	rs := storedReplicaSet()
	ResetStatusForCreate(rs)
	if rs.Generation != 1 || rs.Status.Replicas != 0 || *rs.Spec.Replicas != 2 {
		t.Errorf("after create: %+v; want generation 1, no status, the spec", rs)
	}
}

func TestKeepStatusForUpdate(t *testing.T) {
	rs := storedReplicaSet()
	rs.Status.Replicas = 9
	rs.Labels = map[string]string{"a": "b"}
	if KeepStatusForUpdate(rs, storedReplicaSet()) || rs.Generation != 4 || rs.Status.Replicas != 2 {
		t.Errorf("metadata-only update: %+v; want no spec change, generation 4, the stored status", rs)
	}
	three := int32(3)
	rs.Spec.Replicas = &three
	if !KeepStatusForUpdate(rs, storedReplicaSet()) || rs.Generation != 5 {
		t.Errorf("spec update: generation %d, want 5 and a reported change", rs.Generation)
	}
}

func TestKeepSpecForStatusUpdate(t *testing.T) {
	rs := storedReplicaSet()
	three := int32(3)
	rs.Spec.Replicas = &three
	rs.Status.Replicas = 1
	KeepSpecForStatusUpdate(rs, storedReplicaSet())
	if *rs.Spec.Replicas != 2 || rs.Status.Replicas != 1 || rs.Generation != 4 {
		t.Errorf("status update: %+v; want the stored spec, the written status, generation 4", rs)
	}
}
