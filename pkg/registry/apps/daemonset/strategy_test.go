package daemonset

import (
	"context"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func stored() *appsv1.DaemonSet {
	return &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "agent", Generation: 2, Annotations: map[string]string{appsv1.DeprecatedTemplateGeneration: "2"}},
		Spec:       appsv1.DaemonSetSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a", Image: "busybox"}}}}},
		Status:     appsv1.DaemonSetStatus{NumberReady: 1},
	}
}

func TestPrepareForCreate(t *testing.T) {
	tests := []struct{ asked, want string }{{"", "1"}, {"0", "1"}, {"junk", "1"}, {"5", "5"}}
	for _, tt := range tests {
		ds := stored()
		ds.Annotations = map[string]string{appsv1.DeprecatedTemplateGeneration: tt.asked}
		Strategy.PrepareForCreate(context.Background(), ds)
		if got := ds.Annotations[appsv1.DeprecatedTemplateGeneration]; got != tt.want || ds.Generation != 1 || ds.Status.NumberReady != 0 {
			t.Errorf("create asking %q: template generation %q, generation %d, status %+v; want %s, 1, none", tt.asked, got, ds.Generation, ds.Status, tt.want)
		}
	}
}

func TestPrepareForUpdate(t *testing.T) {
	tests := []struct {
		name                   string
		mutate                 func(*appsv1.DaemonSet)
		wantGeneration         int64
		wantTemplateGeneration string
	}{
		{"metadata only; a client's template generation is ignored", func(ds *appsv1.DaemonSet) {
			ds.Annotations = map[string]string{appsv1.DeprecatedTemplateGeneration: "9", "x": "y"}
		}, 2, "2"},
		{"spec outside the template", func(ds *appsv1.DaemonSet) { ds.Spec.MinReadySeconds = 3 }, 3, "2"},
		{"template", func(ds *appsv1.DaemonSet) { ds.Spec.Template.Spec.Containers[0].Image = "busybox:2" }, 3, "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := stored()
			tt.mutate(ds)
			ds.Status.NumberReady = 5
			Strategy.PrepareForUpdate(context.Background(), ds, stored())
			if ds.Generation != tt.wantGeneration || ds.Annotations[appsv1.DeprecatedTemplateGeneration] != tt.wantTemplateGeneration || ds.Status.NumberReady != 1 {
				t.Errorf("generation %d, template generation %q, status %+v; want %d, %s, the stored status",
					ds.Generation, ds.Annotations[appsv1.DeprecatedTemplateGeneration], ds.Status, tt.wantGeneration, tt.wantTemplateGeneration)
			}
		})
	}
}

func TestStatusPrepareForUpdate(t *testing.T) {
	ds := stored()
	ds.Spec.MinReadySeconds = 8
	ds.Annotations = nil
	ds.Status.NumberReady = 4
	StatusStrategy.PrepareForUpdate(context.Background(), ds, stored())
	if ds.Spec.MinReadySeconds != 0 || ds.Annotations[appsv1.DeprecatedTemplateGeneration] != "2" || ds.Status.NumberReady != 4 {
		t.Errorf("after a status write: %+v; want the stored spec and template generation, the written status", ds)
	}
	if !Strategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("status"))) ||
		!StatusStrategy.GetResetFields()["apps/v1"].Equals(fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))) {
		t.Errorf("reset fields: main %v, status %v; want status, spec", Strategy.GetResetFields(), StatusStrategy.GetResetFields())
	}
}

func TestDaemonSetTable(t *testing.T) {
	ds := &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "agent", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Spec: appsv1.DaemonSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "agent"}},
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				NodeSelector: map[string]string{"kubernetes.io/os": "linux"},
				Containers:   []corev1.Container{{Name: "agent", Image: "busybox"}},
			}},
		},
		Status: appsv1.DaemonSetStatus{DesiredNumberScheduled: 5, CurrentNumberScheduled: 4, NumberReady: 3, UpdatedNumberScheduled: 2, NumberAvailable: 1},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), ds, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name)
	}
	wantCols := []string{"Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns = %q, want %q", cols, wantCols)
	}
	want := []interface{}{"agent", int64(5), int64(4), int64(3), int64(2), int64(1), "kubernetes.io/os=linux", "3h", "agent", "busybox", "app=agent"}
	if !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("cells = %#v\nwant %#v", table.Rows[0].Cells, want)
	}
	bare, err := NewTableConvertor().ConvertToTable(context.Background(), &appsv1.DaemonSet{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := bare.Rows[0].Cells[6]; got != "<none>" {
		t.Errorf("node selector cell without node selector = %q, want <none>", got)
	}
}
