package networkpolicy

import (
	"context"
	"reflect"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-10 * time.Minute))
	for _, tt := range []struct {
		name     string
		selector metav1.LabelSelector
		want     string
	}{
		{"all pods", metav1.LabelSelector{}, "<none>"},
		{"labels", metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}, "app=web"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "deny", CreationTimestamp: created}, Spec: networkingv1.NetworkPolicySpec{PodSelector: tt.selector}}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), np, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Pod-Selector", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got, want := table.Rows[0].Cells, []interface{}{"deny", tt.want, "10m"}; !reflect.DeepEqual(got, want) {
				t.Errorf("cells = %#v, want %#v", got, want)
			}
		})
	}
}

func TestStrategyGeneration(t *testing.T) {
	ctx := context.Background()
	np := &networkingv1.NetworkPolicy{}
	Strategy.PrepareForCreate(ctx, np)
	changed := np.DeepCopy()
	changed.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeEgress}
	Strategy.PrepareForUpdate(ctx, changed, np)
	if np.Generation != 1 || changed.Generation != 2 {
		t.Errorf("generations after create and a spec change = %d, %d; want 1, 2", np.Generation, changed.Generation)
	}
}
