package kubeletclient

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestPreferredAddress(t *testing.T) {
	addrs := []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "10.0.0.5"}, {Type: corev1.NodeExternalIP, Address: "203.0.113.5"}}
	defaults := []corev1.NodeAddressType{corev1.NodeHostName, corev1.NodeInternalDNS, corev1.NodeInternalIP, corev1.NodeExternalDNS, corev1.NodeExternalIP}
	for _, tc := range []struct {
		name      string
		node      corev1.Node
		preferred []corev1.NodeAddressType
		want      string
		wantErr   bool
	}{
		{name: "first preferred type present", node: corev1.Node{Status: corev1.NodeStatus{Addresses: addrs}}, preferred: defaults, want: "10.0.0.5"},
		{name: "order of preference, not of addresses", node: corev1.Node{Status: corev1.NodeStatus{Addresses: addrs}}, preferred: []corev1.NodeAddressType{corev1.NodeExternalIP, corev1.NodeInternalIP}, want: "203.0.113.5"},
		{name: "hostname label", node: corev1.Node{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{corev1.LabelHostname: "n1"}}, Status: corev1.NodeStatus{Addresses: addrs}}, preferred: defaults, want: "n1"},
		{name: "no match", node: corev1.Node{Status: corev1.NodeStatus{Addresses: addrs}}, preferred: []corev1.NodeAddressType{corev1.NodeInternalDNS}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PreferredAddress(&tc.node, tc.preferred)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("got %q, %v; want %q (error %v)", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
