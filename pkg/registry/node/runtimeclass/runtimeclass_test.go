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

func TestWarnings(t *testing.T) {
	rc := &nodev1.RuntimeClass{Handler: "runsc", Scheduling: &nodev1.Scheduling{NodeSelector: map[string]string{
		"kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
	}}}
	want := []string{
		`scheduling.nodeSelector: deprecated since v1.14; use "kubernetes.io/arch" instead`,
		`scheduling.nodeSelector: deprecated since v1.14; use "kubernetes.io/os" instead`,
	}
	if got := Strategy.WarningsOnCreate(context.Background(), rc); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings on create = %q, want %q", got, want)
	}
	if got := Strategy.WarningsOnUpdate(context.Background(), rc, rc); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings on update = %q, want %q", got, want)
	}
}
