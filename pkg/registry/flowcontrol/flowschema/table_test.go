package flowschema

import (
	"context"
	"reflect"
	"testing"
	"time"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestFlowSchemaTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-3 * time.Hour))
	spec := flowcontrolv1.FlowSchemaSpec{PriorityLevelConfiguration: flowcontrolv1.PriorityLevelConfigurationReference{Name: "workload-low"}, MatchingPrecedence: 9000}
	byUser := spec
	byUser.DistinguisherMethod = &flowcontrolv1.FlowDistinguisherMethod{Type: flowcontrolv1.FlowDistinguisherMethodByUserType}
	for _, tc := range []struct {
		name       string
		spec       flowcontrolv1.FlowSchemaSpec
		conditions []flowcontrolv1.FlowSchemaCondition
		want       []interface{}
	}{
		{"not yet looked at", spec, nil, []interface{}{"fs", "workload-low", int64(9000), "<none>", "3h", "?"}},
		{"dangling", byUser, []flowcontrolv1.FlowSchemaCondition{{Type: flowcontrolv1.FlowSchemaConditionDangling, Status: flowcontrolv1.ConditionTrue}},
			[]interface{}{"fs", "workload-low", int64(9000), "ByUser", "3h", "True"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := &flowcontrolv1.FlowSchema{ObjectMeta: metav1.ObjectMeta{Name: "fs", CreationTimestamp: created}, Spec: tc.spec, Status: flowcontrolv1.FlowSchemaStatus{Conditions: tc.conditions}}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), fs, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "PriorityLevel", "MatchingPrecedence", "DistinguisherMethod", "Age", "MissingPL"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestFlowSchemaListTableIsInMatchOrder(t *testing.T) {
	list := &flowcontrolv1.FlowSchemaList{Items: []flowcontrolv1.FlowSchema{
		{ObjectMeta: metav1.ObjectMeta{Name: "global-default"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 9900}},
		{ObjectMeta: metav1.ObjectMeta{Name: "probes"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 2}},
		{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 500}},
		{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 500}},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range table.Rows {
		names = append(names, r.Cells[0].(string))
	}
	if want := []string{"probes", "a", "b", "global-default"}; !reflect.DeepEqual(names, want) {
		t.Errorf("rows = %v, want %v", names, want)
	}
	if list.Items[0].Name != "global-default" {
		t.Error("rendering sorted the list it was given")
	}
}
