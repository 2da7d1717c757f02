package service

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestServiceTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.Service{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct {
		name, typ string
		priority  int32
	}
	want := []col{
		{"Name", "string", 0}, {"Type", "string", 0}, {"Cluster-IP", "string", 0}, {"External-IP", "string", 0},
		{"Port(s)", "string", 0}, {"Age", "string", 0}, {"Selector", "string", 1},
	}
	var got []col
	for _, c := range table.ColumnDefinitions {
		got = append(got, col{c.Name, c.Type, c.Priority})
		if c.Description == "" {
			t.Errorf("column %s has no description", c.Name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func TestServiceTableRow(t *testing.T) {
	tcp := func(port, nodePort int32) corev1.ServicePort {
		return corev1.ServicePort{Port: port, NodePort: nodePort, Protocol: corev1.ProtocolTCP}
	}
	tests := []struct {
		name string
		svc  corev1.Service
		want []interface{}
	}{
		{
			name: "cluster IP service",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "web", CreationTimestamp: metav1.NewTime(time.Now().Add(-15 * time.Minute))},
				Spec: corev1.ServiceSpec{
					Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.96.0.10", ClusterIPs: []string{"10.96.0.10", "fd00::10"},
					Ports:    []corev1.ServicePort{tcp(80, 0), {Port: 53, Protocol: corev1.ProtocolUDP}},
					Selector: map[string]string{"app": "web", "tier": "front"},
				},
			},
			want: []interface{}{"web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "15m", "app=web,tier=front"},
		},
		{
			name: "no selector and no ports",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "manual"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIPs: []string{"10.96.0.11"}},
			},
			want: []interface{}{"manual", "ClusterIP", "10.96.0.11", "<none>", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "headless service",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "db"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "None", ClusterIPs: []string{"None"}, Ports: []corev1.ServicePort{tcp(5432, 0)}},
			},
			want: []interface{}{"db", "ClusterIP", "None", "<none>", "5432/TCP", "<unknown>", "<none>"},
		},
		{
			name: "cluster IP only in the singular field",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "old"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.96.0.12"},
			},
			want: []interface{}{"old", "ClusterIP", "10.96.0.12", "<none>", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "cluster IP with external IPs",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "ext"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIPs: []string{"10.96.0.13"}, ExternalIPs: []string{"1.2.3.4", "5.6.7.8"}},
			},
			want: []interface{}{"ext", "ClusterIP", "10.96.0.13", "1.2.3.4,5.6.7.8", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "node port",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "np"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ClusterIPs: []string{"10.96.0.14"}, Ports: []corev1.ServicePort{tcp(80, 30080), tcp(443, 30443)}},
			},
			want: []interface{}{"np", "NodePort", "10.96.0.14", "<none>", "80:30080/TCP,443:30443/TCP", "<unknown>", "<none>"},
		},
		{
			name: "load balancer without ingress",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "lb"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIPs: []string{"10.96.0.15"}, Ports: []corev1.ServicePort{tcp(80, 31000)}},
			},
			want: []interface{}{"lb", "LoadBalancer", "10.96.0.15", "<pending>", "80:31000/TCP", "<unknown>", "<none>"},
		},
		{
			name: "load balancer ingress is sorted, deduplicated and never clipped",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "lb"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIPs: []string{"10.96.0.16"}},
				Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{
					{Hostname: "a-very-long-hostname.elb.example.com"},
					{IP: "203.0.113.9", Hostname: "ignored.example.com"},
					{IP: "203.0.113.9"},
					{},
				}}},
			},
			want: []interface{}{"lb", "LoadBalancer", "10.96.0.16", "203.0.113.9,a-very-long-hostname.elb.example.com", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "load balancer ingress followed by external IPs",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "lb"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIPs: []string{"10.96.0.17"}, ExternalIPs: []string{"9.9.9.9"}},
				Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{
					{IP: "203.0.113.2"}, {IP: "203.0.113.1"},
				}}},
			},
			want: []interface{}{"lb", "LoadBalancer", "10.96.0.17", "203.0.113.1,203.0.113.2,9.9.9.9", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "pending load balancer with external IPs",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "lb"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIPs: []string{"10.96.0.18"}, ExternalIPs: []string{"9.9.9.9"}},
			},
			want: []interface{}{"lb", "LoadBalancer", "10.96.0.18", "9.9.9.9", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "external name",
			svc: corev1.Service{
				ObjectMeta: metav1.ObjectMeta{Name: "alias"},
				Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "db.example.com"},
			},
			want: []interface{}{"alias", "ExternalName", "<none>", "db.example.com", "<none>", "<unknown>", "<none>"},
		},
		{
			name: "unknown type",
			svc:  corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "odd"}},
			want: []interface{}{"odd", "", "<none>", "<unknown>", "<none>", "<unknown>", "<none>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tc.svc, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v\nwant    %#v", got, tc.want)
			}
		})
	}
}

func TestServiceTableList(t *testing.T) {
	list := &corev1.ServiceList{
		ListMeta: metav1.ListMeta{ResourceVersion: "8"},
		Items: []corev1.Service{
			{ObjectMeta: metav1.ObjectMeta{Name: "kubernetes"}, Spec: corev1.ServiceSpec{
				Type: corev1.ServiceTypeClusterIP, ClusterIPs: []string{"10.96.0.1"},
				Ports: []corev1.ServicePort{{Port: 443, Protocol: corev1.ProtocolTCP}},
			}},
			{ObjectMeta: metav1.ObjectMeta{Name: "lb"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIPs: []string{"10.96.0.2"}}},
		},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, &metav1.TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]interface{}{
		{"kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "<unknown>", "<none>"},
		{"lb", "LoadBalancer", "10.96.0.2", "<pending>", "<none>", "<unknown>", "<none>"},
	}
	var got [][]interface{}
	for _, r := range table.Rows {
		got = append(got, r.Cells)
	}
	if !reflect.DeepEqual(got, want) || table.ResourceVersion != "8" || len(table.ColumnDefinitions) != 7 {
		t.Errorf("cells = %v (rv %q, %d columns), want %v", got, table.ResourceVersion, len(table.ColumnDefinitions), want)
	}
}
