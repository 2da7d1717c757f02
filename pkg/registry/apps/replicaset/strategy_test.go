package replicaset

import (
	"context"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func stored() *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "front", Generation: 2},
		Spec:       appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2)},
		Status:     appsv1.ReplicaSetStatus{Replicas: 2},
	}
}

func TestStrategies(t *testing.T) {
	ctx := context.Background()
	rs := stored()
	Strategy.PrepareForCreate(ctx, rs)
	if rs.Generation != 1 || rs.Status.Replicas != 0 {
		t.Errorf("create: generation %d, status %+v; want 1 and none", rs.Generation, rs.Status)
	}

	rs = stored()
	rs.Annotations = map[string]string{"a": "b"}
	rs.Status.Replicas = 7
	Strategy.PrepareForUpdate(ctx, rs, stored())
	if rs.Generation != 2 || rs.Status.Replicas != 2 {
		t.Errorf("annotation update: generation %d, status.replicas %d; want 2, 2", rs.Generation, rs.Status.Replicas)
	}
	rs.Spec.MinReadySeconds = 3
	Strategy.PrepareForUpdate(ctx, rs, stored())
	if rs.Generation != 3 {
		t.Errorf("spec update: generation %d, want 3", rs.Generation)
	}

	rs = stored()
	rs.Spec.Replicas = ptr.To[int32](9)
	rs.Status.Replicas = 1
	StatusStrategy.PrepareForUpdate(ctx, rs, stored())
	if *rs.Spec.Replicas != 2 || rs.Status.Replicas != 1 {
		t.Errorf("status update: spec.replicas %d, status.replicas %d; want 2, 1", *rs.Spec.Replicas, rs.Status.Replicas)
	}

	if !Strategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("status"))) ||
		!StatusStrategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))) {
		t.Errorf("reset fields: main %v, status %v; want status, spec", Strategy.GetResetFields(), StatusStrategy.GetResetFields())
	}
}

func TestReplicaSetTable(t *testing.T) {
	rs := &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "front", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr.To[int32](3),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "front"}},
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "front", Image: "nginx:1.27"}}}},
		},
		Status: appsv1.ReplicaSetStatus{Replicas: 2, ReadyReplicas: 1},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name+":"+c.Type)
	}
	wantCols := []string{"Name:string", "Desired:integer", "Current:integer", "Ready:integer", "Age:string", "Containers:string", "Images:string", "Selector:string"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns = %q, want %q", cols, wantCols)
	}
	want := []interface{}{"front", int64(3), int64(2), int64(1), "3h", "front", "nginx:1.27", "app=front"}
	if !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("cells = %#v\nwant %#v", table.Rows[0].Cells, want)
	}
	bare, err := NewTableConvertor().ConvertToTable(context.Background(), &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "bare"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := bare.Rows[0].Cells[7]; got != "<none>" {
		t.Errorf("selector cell of a replica set without selector = %q, want <none>", got)
	}
}
