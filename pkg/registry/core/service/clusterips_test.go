package service

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

func TestNormalizeClusterIPs(t *testing.T) {
	tests := []struct {
		name           string
		old            *corev1.ServiceSpec
		clusterIP      string
		clusterIPs     []string
		wantClusterIP  string
		wantClusterIPs []string
	}{{
		name:           "create with clusterIP only seeds clusterIPs",
		clusterIP:      "10.0.0.1",
		wantClusterIP:  "10.0.0.1",
		wantClusterIPs: []string{"10.0.0.1"},
	}, {
		name:           "create with headless clusterIP seeds clusterIPs",
		clusterIP:      "None",
		wantClusterIP:  "None",
		wantClusterIPs: []string{"None"},
	}, {
		name:           "create with clusterIPs only leaves clusterIP empty",
		clusterIPs:     []string{"10.0.0.1"},
		wantClusterIPs: []string{"10.0.0.1"},
	}, {
		name:           "create with both keeps both, even mismatched",
		clusterIP:      "10.0.0.1",
		clusterIPs:     []string{"10.0.0.2"},
		wantClusterIP:  "10.0.0.1",
		wantClusterIPs: []string{"10.0.0.2"},
	}, {
		name:          "create with neither stays empty",
		wantClusterIP: "",
	}, {
		name:           "update from an old client without clusterIPs keeps the stored ones",
		old:            &corev1.ServiceSpec{ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1", "fd00::1"}},
		clusterIP:      "10.0.0.1",
		wantClusterIP:  "10.0.0.1",
		wantClusterIPs: []string{"10.0.0.1", "fd00::1"},
	}, {
		name:           "update clearing clusterIP with unchanged clusterIPs clears both",
		old:            &corev1.ServiceSpec{ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		clusterIPs:     []string{"10.0.0.1"},
		wantClusterIPs: nil,
	}, {
		name:           "update changing clusterIP with unchanged clusterIPs follows clusterIP",
		old:            &corev1.ServiceSpec{ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		clusterIP:      "10.0.0.2",
		clusterIPs:     []string{"10.0.0.1"},
		wantClusterIP:  "10.0.0.2",
		wantClusterIPs: []string{"10.0.0.2"},
	}, {
		name:           "update setting clusterIP on a service that had none follows clusterIP",
		old:            &corev1.ServiceSpec{},
		clusterIP:      "10.0.0.2",
		wantClusterIP:  "10.0.0.2",
		wantClusterIPs: []string{"10.0.0.2"},
	}, {
		name:           "update changing both leaves them for validation",
		old:            &corev1.ServiceSpec{ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		clusterIP:      "10.0.0.2",
		clusterIPs:     []string{"10.0.0.3"},
		wantClusterIP:  "10.0.0.2",
		wantClusterIPs: []string{"10.0.0.3"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &corev1.Service{Spec: corev1.ServiceSpec{ClusterIP: tt.clusterIP, ClusterIPs: tt.clusterIPs}}
			var old *corev1.Service
			if tt.old != nil {
				old = &corev1.Service{Spec: *tt.old}
			}
			NormalizeClusterIPs(svc, old)
			if svc.Spec.ClusterIP != tt.wantClusterIP || !reflect.DeepEqual(svc.Spec.ClusterIPs, tt.wantClusterIPs) {
				t.Errorf("got clusterIP %q clusterIPs %q, want %q %q", svc.Spec.ClusterIP, svc.Spec.ClusterIPs, tt.wantClusterIP, tt.wantClusterIPs)
			}
		})
	}
}

func TestPatchAllocatedValues(t *testing.T) {
	local := corev1.ServiceExternalTrafficPolicyLocal
	tests := []struct {
		name     string
		old, new corev1.ServiceSpec
		want     corev1.ServiceSpec
	}{{
		name: "resubmitted ClusterIP manifest gets the stored cluster IPs",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
	}, {
		name: "switching to ExternalName does not carry cluster IPs over",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"},
	}, {
		name: "node ports are matched by port name",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "http", Port: 80, NodePort: 30080}, {Name: "https", Port: 443, NodePort: 30443}}},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "https", Port: 8443}, {Name: "http", Port: 8080}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "https", Port: 8443, NodePort: 30443}, {Name: "http", Port: 8080, NodePort: 30080}}},
	}, {
		name: "a node port already used by another port is not carried over",
		old: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "http", Port: 80, NodePort: 30080}}},
		new: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "http", Port: 80}, {Name: "alt", Port: 81, NodePort: 30080}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{
			{Name: "http", Port: 80}, {Name: "alt", Port: 81, NodePort: 30080}}},
	}, {
		name: "switching to ClusterIP does not carry node ports over",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{{Name: "http", Port: 80, NodePort: 30080}}},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}, {
		name: "health-check node port of a Local load balancer is carried over",
		old:  corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: local, HealthCheckNodePort: 31000},
		new:  corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: local},
		want: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: local, HealthCheckNodePort: 31000},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &corev1.Service{Spec: tt.new}
			PatchAllocatedValues(svc, &corev1.Service{Spec: tt.old})
			if !reflect.DeepEqual(svc.Spec, tt.want) {
				t.Errorf("spec = %+v\nwant %+v", svc.Spec, tt.want)
			}
		})
	}
}

func TestDefaultOnRead(t *testing.T) {
	cluster := corev1.ServiceInternalTrafficPolicyCluster
	list := &corev1.ServiceList{Items: []corev1.Service{
		{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", InternalTrafficPolicy: &cluster}},
		{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com", InternalTrafficPolicy: &cluster}},
	}}
	DefaultOnRead(list)
	want := []corev1.ServiceSpec{
		{Type: corev1.ServiceTypeClusterIP, ClusterIP: "10.0.0.1", ClusterIPs: []string{"10.0.0.1"}, InternalTrafficPolicy: ptr.To(cluster)},
		{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"},
	}
	for i := range want {
		if !reflect.DeepEqual(list.Items[i].Spec, want[i]) {
			t.Errorf("item %d spec = %+v\nwant %+v", i, list.Items[i].Spec, want[i])
		}
	}

	single := &corev1.Service{Spec: corev1.ServiceSpec{ClusterIP: "None"}}
	DefaultOnRead(single)
	if !reflect.DeepEqual(single.Spec.ClusterIPs, []string{"None"}) {
		t.Errorf("single service clusterIPs = %q, want [None]", single.Spec.ClusterIPs)
	}
}
