package ingress

import (
	"context"
	"reflect"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func rules(hosts ...string) []networkingv1.IngressRule {
	var rules []networkingv1.IngressRule
	for _, h := range hosts {
		rules = append(rules, networkingv1.IngressRule{Host: h})
	}
	return rules
}

func TestTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-10 * time.Minute))
	tests := []struct {
		name string
		ing  networkingv1.Ingress
		want []interface{}
	}{
		{"no class, no hosts, no TLS", networkingv1.Ingress{Spec: networkingv1.IngressSpec{Rules: rules("")}},
			[]interface{}{"web", "<none>", "*", "", "80", "10m"}},
		{"class, TLS, addresses", networkingv1.Ingress{
			Spec: networkingv1.IngressSpec{IngressClassName: ptr.To("nginx"), Rules: rules("a.example.com"), TLS: []networkingv1.IngressTLS{{}}},
			Status: networkingv1.IngressStatus{LoadBalancer: networkingv1.IngressLoadBalancerStatus{Ingress: []networkingv1.IngressLoadBalancerIngress{
				{IP: "192.0.2.9"}, {Hostname: "lb.example.com"}, {IP: "192.0.2.10", Hostname: "ignored"}, {IP: "192.0.2.9"},
			}}},
		}, []interface{}{"web", "nginx", "a.example.com", "192.0.2.10,192.0.2.9,lb.example.com", "80, 443", "10m"}},
		{"more than three hosts", networkingv1.Ingress{Spec: networkingv1.IngressSpec{Rules: rules("a", "", "b", "c", "d", "e")}},
			[]interface{}{"web", "<none>", "a,b,c + 3 more...", "", "80", "10m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ing := tt.ing
			ing.ObjectMeta = metav1.ObjectMeta{Name: "web", CreationTimestamp: created}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &ing, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Class", "Hosts", "Address", "Ports", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cells = %#v, want %#v", got, tt.want)
			}
		})
	}
}
