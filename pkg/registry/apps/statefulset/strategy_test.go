package statefulset

import (
	"context"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func stored() *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "db", Generation: 2},
		Spec:       appsv1.StatefulSetSpec{Replicas: ptr.To[int32](2)},
		Status:     appsv1.StatefulSetStatus{Replicas: 2},
	}
}

func TestStrategies(t *testing.T) {
	ctx := context.Background()
	sts := stored()
	Strategy.PrepareForCreate(ctx, sts)
	if sts.Generation != 1 || sts.Status.Replicas != 0 {
		t.Errorf("create: generation %d, status %+v; want 1 and none", sts.Generation, sts.Status)
	}
	sts = stored()
	sts.Spec.Replicas = ptr.To[int32](3)
	sts.Status.Replicas = 0
	Strategy.PrepareForUpdate(ctx, sts, stored())
	if sts.Generation != 3 || sts.Status.Replicas != 2 {
		t.Errorf("spec update: generation %d, status.replicas %d; want 3, 2", sts.Generation, sts.Status.Replicas)
	}
	sts = stored()
	sts.Spec.Replicas = ptr.To[int32](9)
	sts.Status.Replicas = 1
	StatusStrategy.PrepareForUpdate(ctx, sts, stored())
	if *sts.Spec.Replicas != 2 || sts.Status.Replicas != 1 {
		t.Errorf("status update: spec.replicas %d, status.replicas %d; want 2, 1", *sts.Spec.Replicas, sts.Status.Replicas)
	}
	if !Strategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("status"))) ||
		!StatusStrategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))) {
		t.Errorf("reset fields: main %v, status %v; want status, spec", Strategy.GetResetFields(), StatusStrategy.GetResetFields())
	}
}

func TestDefaultGarbageCollectionPolicy(t *testing.T) {
	request := genericapirequest.WithRequestInfo(context.Background(), &genericapirequest.RequestInfo{APIGroup: "apps", APIVersion: "v1"})
	if got := Strategy.DefaultGarbageCollectionPolicy(request); got != rest.DeleteDependents {
		t.Errorf("apps/v1 request: %q, want DeleteDependents", got)
	}
	if got := Strategy.DefaultGarbageCollectionPolicy(context.Background()); got != rest.OrphanDependents {
		t.Errorf("no request: %q, want OrphanDependents", got)
	}
}

func TestStatefulSetTable(t *testing.T) {
	sts := &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "db", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Spec: appsv1.StatefulSetSpec{
			Replicas: ptr.To[int32](3),
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "db", Image: "postgres:16"}}}},
		},
		Status: appsv1.StatefulSetStatus{ReadyReplicas: 1},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), sts, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name)
	}
	if want := []string{"Name", "Ready", "Age", "Containers", "Images"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %q, want %q", cols, want)
	}
	if want := []interface{}{"db", "1/3", "3h", "db", "postgres:16"}; !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("cells = %#v\nwant %#v", table.Rows[0].Cells, want)
	}
}
