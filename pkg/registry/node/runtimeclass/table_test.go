package runtimeclass

import (
	"context"
	"reflect"
	"testing"
	"time"

	nodev1 "k8s.io/api/node/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestTable(t *testing.T) {
	rc := &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "gvisor", CreationTimestamp: metav1.NewTime(time.Now().Add(-10 * time.Minute))}, Handler: "runsc"}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), rc, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Handler", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if got, want := table.Rows[0].Cells, []interface{}{"gvisor", "runsc", "10m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %#v, want %#v", got, want)
	}
}

func TestStrategyUpdatePolicy(t *testing.T) {
	ctx := context.Background()
	if !Strategy.AllowCreateOnUpdate(ctx) || Strategy.AllowUnconditionalUpdate(ctx) {
		t.Error("want a PUT to create a RuntimeClass and updates without a resourceVersion refused, as upstream")
	}
}
