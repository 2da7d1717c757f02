package priorityclass

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-10 * time.Minute))
	list := &schedulingv1.PriorityClassList{Items: []schedulingv1.PriorityClass{
		{ObjectMeta: metav1.ObjectMeta{Name: "high", CreationTimestamp: created}, Value: 1000, GlobalDefault: true, PreemptionPolicy: ptr.To(corev1.PreemptNever)},
		{ObjectMeta: metav1.ObjectMeta{Name: "unset", CreationTimestamp: created}, Value: -5},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Value", "Global-Default", "Age", "PreemptionPolicy"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	want := [][]interface{}{{"high", int64(1000), true, "10m", "Never"}, {"unset", int64(-5), false, "10m", ""}}
	for i, row := range table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %#v, want %#v", i, row.Cells, want[i])
		}
	}
}

func TestStrategyGeneration(t *testing.T) {
	pc := &schedulingv1.PriorityClass{}
	Strategy.PrepareForCreate(context.Background(), pc)
	described := pc.DeepCopy()
	described.Description = "new"
	Strategy.PrepareForUpdate(context.Background(), described, pc)
	if pc.Generation != 1 || described.Generation != 1 {
		t.Errorf("generations after create and update = %d, %d; want 1, 1", pc.Generation, described.Generation)
	}
}
