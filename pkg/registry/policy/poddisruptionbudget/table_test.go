package poddisruptionbudget

import (
	"context"
	"reflect"
	"testing"
	"time"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func TestPolicyPodDisruptionBudgetTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-10 * time.Minute))
	for _, tc := range []struct {
		name string
		spec policyv1.PodDisruptionBudgetSpec
		want []interface{}
	}{
		{"min available", policyv1.PodDisruptionBudgetSpec{MinAvailable: ptr.To(intstr.FromInt32(2))}, []interface{}{"web", "2", "N/A", int64(1), "10m"}},
		{"max unavailable", policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr.To(intstr.FromString("25%"))}, []interface{}{"web", "N/A", "25%", int64(1), "10m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "web", CreationTimestamp: created}, Spec: tc.spec, Status: policyv1.PodDisruptionBudgetStatus{DisruptionsAllowed: 1}}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), pdb, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}
