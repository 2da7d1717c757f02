package ingressclass

import (
	"context"
	"reflect"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-10 * time.Minute))
	tests := []struct {
		name   string
		params *networkingv1.IngressClassParametersReference
		want   string
	}{
		{"no parameters", nil, "<none>"},
		{"core group", &networkingv1.IngressClassParametersReference{Kind: "ConfigMap", Name: "cfg"}, "ConfigMap/cfg"},
		{"other group", &networkingv1.IngressClassParametersReference{APIGroup: ptr.To("k8s.example.com"), Kind: "Params", Name: "p"}, "Params.k8s.example.com/p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			class := &networkingv1.IngressClass{
				ObjectMeta: metav1.ObjectMeta{Name: "nginx", CreationTimestamp: created},
				Spec:       networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx", Parameters: tt.params},
			}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), class, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Controller", "Parameters", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got, want := table.Rows[0].Cells, []interface{}{"nginx", "k8s.io/ingress-nginx", tt.want, "10m"}; !reflect.DeepEqual(got, want) {
				t.Errorf("cells = %#v, want %#v", got, want)
			}
		})
	}
}

func TestStrategyGeneration(t *testing.T) {
	ctx := context.Background()
	class := &networkingv1.IngressClass{Spec: networkingv1.IngressClassSpec{Controller: "example.com/a"}}
	Strategy.PrepareForCreate(ctx, class)
	if class.Generation != 1 {
		t.Fatalf("generation after create = %d, want 1", class.Generation)
	}
	relabelled := class.DeepCopy()
	relabelled.Labels = map[string]string{"a": "b"}
	Strategy.PrepareForUpdate(ctx, relabelled, class)
	changed := class.DeepCopy()
	changed.Spec.Parameters = &networkingv1.IngressClassParametersReference{Kind: "P", Name: "p"}
	Strategy.PrepareForUpdate(ctx, changed, class)
	if relabelled.Generation != 1 || changed.Generation != 2 {
		t.Errorf("generations after a label and a spec change = %d, %d; want 1, 2", relabelled.Generation, changed.Generation)
	}
}
