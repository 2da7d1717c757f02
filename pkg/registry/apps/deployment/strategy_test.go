package deployment

import (
	"context"
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func stored() *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", Generation: 3, Labels: map[string]string{"app": "web"}},
		Spec:       appsv1.DeploymentSpec{Replicas: ptr.To[int32](2)},
		Status:     appsv1.DeploymentStatus{Replicas: 2, ObservedGeneration: 3},
	}
}

func TestPrepareForCreate(t *testing.T) {
	d := stored()
	Strategy.PrepareForCreate(context.Background(), d)
	if d.Generation != 1 || !reflect.DeepEqual(d.Status, appsv1.DeploymentStatus{}) {
		t.Errorf("generation %d, status %+v; want 1 and no status", d.Generation, d.Status)
	}
}

func TestPrepareForUpdate(t *testing.T) {
	tests := []struct {
		name           string
		mutate         func(*appsv1.Deployment)
		wantGeneration int64
	}{
		{"no change", func(*appsv1.Deployment) {}, 3},
		{"labels", func(d *appsv1.Deployment) { d.Labels = map[string]string{"a": "b"} }, 3},
		{"status", func(d *appsv1.Deployment) { d.Status.Replicas = 9 }, 3},
		{"annotations, which the controller copies to replica sets", func(d *appsv1.Deployment) { d.Annotations = map[string]string{"a": "b"} }, 4},
		{"spec", func(d *appsv1.Deployment) { d.Spec.Paused = true }, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := stored()
			tt.mutate(d)
			Strategy.PrepareForUpdate(context.Background(), d, stored())
			if d.Generation != tt.wantGeneration || !reflect.DeepEqual(d.Status, stored().Status) {
				t.Errorf("generation %d, status %+v; want %d and the stored status", d.Generation, d.Status, tt.wantGeneration)
			}
		})
	}
}

func TestStatusPrepareForUpdate(t *testing.T) {
	d := stored()
	d.Spec.Replicas = ptr.To[int32](7)
	d.Labels = nil
	d.Annotations = map[string]string{"kept": "yes"}
	d.Status.Replicas = 5
	StatusStrategy.PrepareForUpdate(context.Background(), d, stored())
	if *d.Spec.Replicas != 2 || d.Labels["app"] != "web" || d.Annotations["kept"] != "yes" || d.Status.Replicas != 5 || d.Generation != 3 {
		t.Errorf("after a status write: %+v; want the stored spec and labels, the written annotations and status", d)
	}
}

func TestResetFields(t *testing.T) {
	main := Strategy.GetResetFields()["apps/v1"]
	status := StatusStrategy.GetResetFields()["apps/v1"]
	if !main.Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("status"))) {
		t.Errorf("main resets %v, want status", main)
	}
	if !status.Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("spec"), fieldpath.MakePathOrDie("metadata", "labels"))) {
		t.Errorf("status resets %v, want spec and metadata.labels", status)
	}
}

func TestWarningsOnCreate(t *testing.T) {
	d := stored()
	d.Name = "web.v1"
	if w := Strategy.WarningsOnCreate(context.Background(), d); len(w) != 1 {
		t.Errorf("warnings = %q, want the pod name warning", w)
	}
}
