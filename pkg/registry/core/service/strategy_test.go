package service

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func lbStatus() corev1.ServiceStatus {
	return corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{IP: "1.2.3.4"}}}}
}

func TestPrepareForCreateClearsStatus(t *testing.T) {
	svc := &corev1.Service{
		Spec:   corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIP: "10.0.0.1"},
		Status: lbStatus(),
	}
	Strategy.PrepareForCreate(context.Background(), svc)
	if !reflect.DeepEqual(svc.Status, corev1.ServiceStatus{}) {
		t.Errorf("status = %+v, want empty", svc.Status)
	}
	if svc.Spec.ClusterIP != "10.0.0.1" {
		t.Errorf("spec.clusterIP = %q, want it kept", svc.Spec.ClusterIP)
	}
}

func TestPrepareForUpdate(t *testing.T) {
	local := corev1.ServiceExternalTrafficPolicyLocal
	single := corev1.IPFamilyPolicySingleStack
	tests := []struct {
		name     string
		old, new corev1.ServiceSpec
		want     corev1.ServiceSpec
	}{{
		name: "ClusterIP to ExternalName drops the unchanged cluster IPs and families",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"},
			IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol}, IPFamilyPolicy: &single},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com", ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"},
			IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol}, IPFamilyPolicy: &single},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"},
	}, {
		name: "ClusterIP to ExternalName keeps a cluster IP the client changed, for validation to reject",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com", ClusterIP: "10.0.0.2", ClusterIPs: []string{"10.0.0.2"}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com", ClusterIP: "10.0.0.2", ClusterIPs: []string{"10.0.0.2"}},
	}, {
		name: "NodePort to ClusterIP drops node ports and the traffic policy",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyCluster,
			Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyCluster,
			Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: []corev1.ServicePort{{Port: 80}}},
	}, {
		name: "NodePort to ClusterIP keeps a node port the client added",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: []corev1.ServicePort{{Port: 80, NodePort: 30081}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: []corev1.ServicePort{{Port: 80, NodePort: 30081}}},
	}, {
		name: "LoadBalancer to NodePort drops the health-check port, node-port allocation and class",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: local, HealthCheckNodePort: 31000,
			AllocateLoadBalancerNodePorts: ptr.To(true), LoadBalancerClass: ptr.To("example.com/lb"),
			Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ExternalTrafficPolicy: local, HealthCheckNodePort: 31000,
			AllocateLoadBalancerNodePorts: ptr.To(true), LoadBalancerClass: ptr.To("example.com/lb"),
			Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ExternalTrafficPolicy: local,
			Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
	}, {
		name: "LoadBalancer to NodePort keeps a health-check port and class the client changed",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: local, HealthCheckNodePort: 31000,
			LoadBalancerClass: ptr.To("example.com/lb")},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ExternalTrafficPolicy: local, HealthCheckNodePort: 31001,
			LoadBalancerClass: ptr.To("example.com/other")},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ExternalTrafficPolicy: local, HealthCheckNodePort: 31001,
			LoadBalancerClass: ptr.To("example.com/other")},
	}, {
		name: "an update that keeps the type changes nothing",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ClusterIP: "10.0.0.1", Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ClusterIP: "10.0.0.1", Ports: []corev1.ServicePort{{Port: 81, NodePort: 30080}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ClusterIP: "10.0.0.1", Ports: []corev1.ServicePort{{Port: 81, NodePort: 30080}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := &corev1.Service{Spec: tt.old, Status: lbStatus()}
			svc := &corev1.Service{Spec: tt.new}
			Strategy.PrepareForUpdate(context.Background(), svc, old)
			if !reflect.DeepEqual(svc.Spec, tt.want) {
				t.Errorf("spec = %+v\nwant %+v", svc.Spec, tt.want)
			}
		})
	}
}

func TestPrepareForUpdateStatus(t *testing.T) {
	tests := []struct {
		name       string
		newType    corev1.ServiceType
		wantStatus corev1.ServiceStatus
	}{
		{"a load balancer keeps the stored status", corev1.ServiceTypeLoadBalancer, lbStatus()},
		{"leaving LoadBalancer clears the load-balancer status", corev1.ServiceTypeClusterIP, corev1.ServiceStatus{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := &corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}, Status: lbStatus()}
			svc := &corev1.Service{
				Spec:   corev1.ServiceSpec{Type: tt.newType},
				Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{IP: "9.9.9.9"}}}},
			}
			Strategy.PrepareForUpdate(context.Background(), svc, old)
			if !reflect.DeepEqual(svc.Status, tt.wantStatus) {
				t.Errorf("status = %+v, want %+v", svc.Status, tt.wantStatus)
			}
		})
	}
}

func TestStatusPrepareForUpdateKeepsSpec(t *testing.T) {
	old := &corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ClusterIP: "10.0.0.1"}}
	svc := &corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP}, Status: lbStatus()}
	StatusStrategy.PrepareForUpdate(context.Background(), svc, old)
	if !reflect.DeepEqual(svc.Spec, old.Spec) {
		t.Errorf("spec = %+v, want the stored %+v", svc.Spec, old.Spec)
	}
	if !reflect.DeepEqual(svc.Status, lbStatus()) {
		t.Errorf("status = %+v, want the written one", svc.Status)
	}
}

func TestResetFields(t *testing.T) {
	tests := []struct {
		name string
		got  map[fieldpath.APIVersion]*fieldpath.Set
		want *fieldpath.Set
	}{
		{"main resource", Strategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("status"))},
		{"status", StatusStrategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.got) != 1 || tt.got["v1"] == nil || !tt.got["v1"].Equals(tt.want) {
				t.Errorf("reset fields = %v, want v1: %v", tt.got, tt.want)
			}
		})
	}
}

func TestStrategyFlags(t *testing.T) {
	ctx := context.Background()
	if !Strategy.NamespaceScoped() {
		t.Error("services must be namespaced")
	}
	if !Strategy.AllowCreateOnUpdate(ctx) {
		t.Error("a PUT to a missing service creates it upstream")
	}
	if !Strategy.AllowUnconditionalUpdate(ctx) {
		t.Error("updates without resourceVersion are allowed upstream")
	}
}

func TestSelectableFields(t *testing.T) {
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "prod"},
		Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, ClusterIP: "10.0.0.7"},
	}
	want := fields.Set{
		"metadata.name":      "web",
		"metadata.namespace": "prod",
		"spec.clusterIP":     "10.0.0.7",
		"spec.type":          "NodePort",
	}
	if got := SelectableFields(svc); !reflect.DeepEqual(got, want) {
		t.Errorf("SelectableFields = %v, want %v", got, want)
	}
	sel := fields.ParseSelectorOrDie("spec.type=NodePort,spec.clusterIP=10.0.0.7")
	pred := storage.SelectionPredicate{Label: labels.Everything(), Field: sel, GetAttrs: GetAttrs}
	if ok, err := pred.Matches(svc); err != nil || !ok {
		t.Errorf("selecting %s = %v, %v; want a match", sel, ok, err)
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		svc  corev1.Service
		want []string
	}{{
		name: "plain ClusterIP service",
		svc:  corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}, SessionAffinity: corev1.ServiceAffinityNone}},
	}, {
		name: "deprecated topology annotation",
		svc: corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"service.kubernetes.io/topology-aware-hints": "auto"}},
			Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, SessionAffinity: corev1.ServiceAffinityNone},
		},
		want: []string{"annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead"},
	}, {
		name: "cluster IP with leading zeros",
		svc:  corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "010.0.0.1", ClusterIPs: []string{"010.0.0.1"}, SessionAffinity: corev1.ServiceAffinityNone}},
		want: []string{`spec.clusterIPs[0]: non-standard IP address "010.0.0.1" is invalid: use "10.0.0.1"`},
	}, {
		name: "headless service with values it ignores",
		svc: corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "None", ClusterIPs: []string{"None"},
			LoadBalancerIP: "1.2.3.4", ExternalIPs: []string{"5.6.7.8"}, SessionAffinity: corev1.ServiceAffinityClientIP}},
		want: []string{
			"spec.loadBalancerIP is ignored for headless services",
			"spec.externalIPs is ignored for headless services",
			"spec.SessionAffinity is ignored for headless services",
		},
	}, {
		name: "non-canonical IPv6 external IP and source range",
		svc: corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, SessionAffinity: corev1.ServiceAffinityNone,
			ExternalIPs: []string{"2001:DB8::1"}, LoadBalancerSourceRanges: []string{"10.0.0.1/8"}}},
		want: []string{
			`spec.externalIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")`,
			`spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)`,
		},
	}, {
		name: "ExternalName with external IPs",
		svc:  corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com", ExternalIPs: []string{"1.2.3.4"}, SessionAffinity: corev1.ServiceAffinityNone}},
		want: []string{`spec.externalIPs is ignored when spec.type is "ExternalName"`},
	}, {
		name: "externalName on a ClusterIP service",
		svc:  corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ExternalName: "example.com", SessionAffinity: corev1.ServiceAffinityNone}},
		want: []string{`spec.externalName is ignored when spec.type is not "ExternalName"`},
	}, {
		name: "PreferClose traffic distribution",
		svc:  corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, SessionAffinity: corev1.ServiceAffinityNone, TrafficDistribution: ptr.To("PreferClose")}},
		want: []string{`spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Strategy.WarningsOnCreate(context.Background(), &tt.svc)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WarningsOnCreate = %q\nwant %q", got, tt.want)
			}
			gotUpdate := Strategy.WarningsOnUpdate(context.Background(), &tt.svc, &corev1.Service{})
			if !reflect.DeepEqual(gotUpdate, tt.want) {
				t.Errorf("WarningsOnUpdate = %q\nwant %q", gotUpdate, tt.want)
			}
		})
	}
}
