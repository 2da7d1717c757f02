package replicationcontroller

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestReplicationControllerTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.ReplicationController{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct {
		name, typ string
		priority  int32
	}
	want := []col{
		{"Name", "string", 0}, {"Desired", "integer", 0}, {"Current", "integer", 0}, {"Ready", "integer", 0}, {"Age", "string", 0},
		{"Containers", "string", 1}, {"Images", "string", 1}, {"Selector", "string", 1},
	}
	var got []col
	for _, c := range table.ColumnDefinitions {
		got = append(got, col{c.Name, c.Type, c.Priority})
		if c.Description == "" {
			t.Errorf("column %s has no description", c.Name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func TestReplicationControllerTableRows(t *testing.T) {
	three := int32(3)
	full := corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx", ResourceVersion: "4", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: &three,
			Selector: map[string]string{"app": "nginx"},
			Template: &corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{
				{Name: "nginx", Image: "nginx:1.27"}, {Name: "log", Image: "busybox"},
			}}},
		},
		Status: corev1.ReplicationControllerStatus{Replicas: 3, ReadyReplicas: 2},
	}
	bare := corev1.ReplicationController{ObjectMeta: metav1.ObjectMeta{Name: "bare"}}

	single, err := NewTableConvertor().ConvertToTable(context.Background(), &full, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []interface{}{"nginx", int64(3), int64(3), int64(2), "3h", "nginx,log", "nginx:1.27,busybox", "app=nginx"}
	if got := single.Rows[0].Cells; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %#v\nwant    %#v", got, want)
	}
	if single.ResourceVersion != "4" {
		t.Errorf("resourceVersion = %q, want 4", single.ResourceVersion)
	}

	list, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.ReplicationControllerList{
		ListMeta: metav1.ListMeta{ResourceVersion: "10"},
		Items:    []corev1.ReplicationController{full, bare},
	}, &metav1.TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantList := [][]interface{}{
		want,
		{"bare", int64(0), int64(0), int64(0), "<unknown>", "", "", "<none>"},
	}
	var got [][]interface{}
	for _, r := range list.Rows {
		got = append(got, r.Cells)
	}
	if !reflect.DeepEqual(got, wantList) || list.ResourceVersion != "10" {
		t.Errorf("cells = %#v (rv %q)\nwant    %#v", got, list.ResourceVersion, wantList)
	}
}
