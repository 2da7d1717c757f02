package namespace

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func TestNamespaceTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.Namespace{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct{ name, typ, format string }
	want := []col{{"Name", "string", "name"}, {"Status", "string", ""}, {"Age", "string", ""}}
	var got []col
	for _, c := range table.ColumnDefinitions {
		if c.Priority != 0 {
			t.Errorf("column %s has priority %d, want 0", c.Name, c.Priority)
		}
		got = append(got, col{c.Name, c.Type, c.Format})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
	if d := table.ColumnDefinitions[1].Description; d != "The status of the namespace" {
		t.Errorf("status description = %q", d)
	}
}

func TestNamespaceTableRows(t *testing.T) {
	now := time.Now()
	active := corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: "default", ResourceVersion: "7", CreationTimestamp: metav1.NewTime(now.Add(-50 * time.Hour))},
		Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceActive},
	}
	terminating := corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: "old", CreationTimestamp: metav1.NewTime(now.Add(-15 * time.Minute))},
		Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceTerminating},
	}
	tests := []struct {
		name   string
		obj    runtime.Object
		want   [][]interface{}
		wantRV string
	}{
		{"single", &active, [][]interface{}{{"default", "Active", "2d2h"}}, "7"},
		{"no creation timestamp", &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "x"}}, [][]interface{}{{"x", "", "<unknown>"}}, ""},
		{
			"list",
			&corev1.NamespaceList{ListMeta: metav1.ListMeta{ResourceVersion: "99"}, Items: []corev1.Namespace{active, terminating}},
			[][]interface{}{{"default", "Active", "2d2h"}, {"old", "Terminating", "15m"}},
			"99",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), tc.obj, &metav1.TableOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]interface{}
			for _, r := range table.Rows {
				got = append(got, r.Cells)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %v, want %v", got, tc.want)
			}
			if table.ResourceVersion != tc.wantRV {
				t.Errorf("resourceVersion = %q, want %q", table.ResourceVersion, tc.wantRV)
			}
		})
	}
}
