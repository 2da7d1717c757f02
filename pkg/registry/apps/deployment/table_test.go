package deployment

import (
	"context"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestDeploymentTable(t *testing.T) {
	d := appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](3),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}, MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpExists}}},
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}, {Name: "log", Image: "busybox"}}}},
		},
		Status: appsv1.DeploymentStatus{ReadyReplicas: 2, UpdatedReplicas: 3, AvailableReplicas: 1},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &appsv1.DeploymentList{Items: []appsv1.Deployment{d, {ObjectMeta: metav1.ObjectMeta{Name: "bare"}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name+":"+c.Type)
	}
	wantCols := []string{"Name:string", "Ready:string", "Up-to-date:string", "Available:string", "Age:string", "Containers:string", "Images:string", "Selector:string"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns = %q, want %q", cols, wantCols)
	}
	want := [][]interface{}{
		{"web", "2/3", int64(3), int64(1), "3h", "web,log", "nginx:1.27,busybox", "app=web,tier"},
		{"bare", "0/0", int64(0), int64(0), "<unknown>", "", "", ""},
	}
	for i, row := range table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %#v\nwant %#v", i, row.Cells, want[i])
		}
	}
}
