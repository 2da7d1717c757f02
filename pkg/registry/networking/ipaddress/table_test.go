package ipaddress

import (
	"context"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestTableRows(t *testing.T) {
	tests := []struct {
		ref  *networkingv1.ParentReference
		want string
	}{
		{&networkingv1.ParentReference{Resource: "services", Namespace: "default", Name: "kubernetes"}, "services/default/kubernetes"},
		{&networkingv1.ParentReference{Group: "Gateway.networking.k8s.io", Resource: "Gateways", Name: "gw"}, "gateways.gateway.networking.k8s.io/gw"},
		{nil, "<none>"},
	}
	for _, tt := range tests {
		ip := &networkingv1.IPAddress{ObjectMeta: metav1.ObjectMeta{Name: "10.0.0.1"}, Spec: networkingv1.IPAddressSpec{ParentRef: tt.ref}}
		table, err := NewTableConvertor().ConvertToTable(context.Background(), ip, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(table.ColumnDefinitions) != 2 || table.ColumnDefinitions[1].Name != "ParentRef" {
			t.Errorf("columns = %+v, want Name, ParentRef", table.ColumnDefinitions)
		}
		cells := table.Rows[0].Cells
		if len(cells) != 3 || cells[0] != "10.0.0.1" || cells[1] != tt.want || cells[2] != "<unknown>" {
			t.Errorf("cells = %v, want [10.0.0.1 %s <unknown>]", cells, tt.want)
		}
	}
}

func TestGenerateNameIsTheName(t *testing.T) {
	if got := Strategy.GenerateName("10.0.0.9"); got != "10.0.0.9" {
		t.Errorf("GenerateName = %q, want the base unchanged", got)
	}
}
