package controllerrevision

import (
	"context"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestControllerRevisionTable(t *testing.T) {
	owned := appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{
			Name: "db-5d8f", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour)),
			OwnerReferences: []metav1.OwnerReference{
				{APIVersion: "v1", Kind: "ConfigMap", Name: "not-the-controller"},
				{APIVersion: "apps/v1", Kind: "StatefulSet", Name: "db", Controller: ptr.To(true)},
			},
		},
		Revision: 4,
	}
	coreOwned := appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{Name: "core", OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: "p", Controller: ptr.To(true)}}},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &appsv1.ControllerRevisionList{Items: []appsv1.ControllerRevision{owned, coreOwned, {ObjectMeta: metav1.ObjectMeta{Name: "orphan"}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name+":"+c.Type)
	}
	if want := []string{"Name:string", "Controller:string", "Revision:string", "Age:string"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %q, want %q", cols, want)
	}
	want := [][]interface{}{
		{"db-5d8f", "statefulset.apps/db", int64(4), "3h"},
		{"core", "pod/p", int64(0), "<unknown>"},
		{"orphan", "<none>", int64(0), "<unknown>"},
	}
	for i, row := range table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %#v, want %#v", i, row.Cells, want[i])
		}
	}
}
