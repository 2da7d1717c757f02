package endpoints

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestRepack(t *testing.T) {
	pod := func(ip string, uid types.UID) corev1.EndpointAddress {
		return corev1.EndpointAddress{IP: ip, TargetRef: &corev1.ObjectReference{Kind: "Pod", UID: uid}}
	}
	http := corev1.EndpointPort{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP}
	metrics := corev1.EndpointPort{Name: "metrics", Port: 9090, Protocol: corev1.ProtocolTCP}
	tests := []struct {
		name string
		in   []corev1.EndpointSubset
		want []corev1.EndpointSubset
	}{
		{name: "nothing", in: nil, want: []corev1.EndpointSubset{}},
		{
			name: "one subset per address is merged and sorted",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.2", "b")}, Ports: []corev1.EndpointPort{http}},
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}},
			},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a"), pod("10.0.0.2", "b")}, Ports: []corev1.EndpointPort{http}}},
		},
		{
			name: "ports offered by the same addresses share a subset",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{metrics}},
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}},
			},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http, metrics}}},
		},
		{
			name: "not ready wins over ready for the same address and port",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}},
				{NotReadyAddresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}},
			},
			want: []corev1.EndpointSubset{{NotReadyAddresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}}},
		},
		{
			name: "the same IP of two pods stays twice",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "b"), pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http}},
			},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a"), pod("10.0.0.1", "b")}, Ports: []corev1.EndpointPort{http}}},
		},
		{
			name: "addresses without ports survive",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}},
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.2", "b")}},
			},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a"), pod("10.0.0.2", "b")}}},
		},
		{
			name: "a port with fewer addresses gets its own subset",
			in: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{http, metrics}},
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.2", "b")}, Ports: []corev1.EndpointPort{http}},
			},
			want: []corev1.EndpointSubset{
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a"), pod("10.0.0.2", "b")}, Ports: []corev1.EndpointPort{http}},
				{Addresses: []corev1.EndpointAddress{pod("10.0.0.1", "a")}, Ports: []corev1.EndpointPort{metrics}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Repack(tt.in)); diff != "" {
				t.Errorf("Repack (-want +got):\n%s", diff)
			}
		})
	}
}
