package endpoint

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func testPod(name string, ready bool, ips ...string) *corev1.Pod {
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID("uid-" + name)},
		Spec: corev1.PodSpec{NodeName: "node", Containers: []corev1.Container{{Ports: []corev1.ContainerPort{
			{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}},
	}
	for _, ip := range ips {
		pod.Status.PodIPs = append(pod.Status.PodIPs, corev1.PodIP{IP: ip})
	}
	if len(ips) > 0 {
		pod.Status.PodIP = ips[0]
	}
	return pod
}

func address(pod *corev1.Pod, ip string) corev1.EndpointAddress {
	node := pod.Spec.NodeName
	return corev1.EndpointAddress{IP: ip, NodeName: &node,
		TargetRef: &corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID}}
}

func TestSubsets(t *testing.T) {
	namedPort := []corev1.ServicePort{{Name: "web", Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("http")}}
	service := func(mutate func(*corev1.Service)) *corev1.Service {
		svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "svc"}, Spec: corev1.ServiceSpec{
			ClusterIP: "10.0.0.10", IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol}, Ports: namedPort}}
		if mutate != nil {
			mutate(svc)
		}
		return svc
	}
	ready, notReady := testPod("a", true, "10.1.0.1", "fd00::1"), testPod("b", false, "10.1.0.2")
	noIP := testPod("c", true)
	terminating := testPod("d", true, "10.1.0.4")
	terminating.DeletionTimestamp = &metav1.Time{}
	web := []corev1.EndpointPort{{Name: "web", Port: 8080, Protocol: corev1.ProtocolTCP}}

	tests := []struct {
		name string
		svc  *corev1.Service
		pods []*corev1.Pod
		want []corev1.EndpointSubset
	}{
		{
			name: "ready and not ready pods, named port resolved, no IP and terminating left out",
			svc:  service(nil),
			pods: []*corev1.Pod{ready, notReady, noIP, terminating},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{address(ready, "10.1.0.1")},
				NotReadyAddresses: []corev1.EndpointAddress{address(notReady, "10.1.0.2")}, Ports: web}},
		},
		{
			name: "publishNotReadyAddresses lists every pod as ready, terminating ones too",
			svc:  service(func(s *corev1.Service) { s.Spec.PublishNotReadyAddresses = true }),
			pods: []*corev1.Pod{ready, notReady, terminating},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{address(ready, "10.1.0.1"),
				address(notReady, "10.1.0.2"), address(terminating, "10.1.0.4")}, Ports: web}},
		},
		{
			name: "IPv6 service takes the pods' IPv6 addresses",
			svc: service(func(s *corev1.Service) {
				s.Spec.ClusterIP, s.Spec.IPFamilies = "fd00::10", []corev1.IPFamily{corev1.IPv6Protocol}
			}),
			pods: []*corev1.Pod{ready, notReady},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{address(ready, "fd00::1")}, Ports: web}},
		},
		{
			name: "headless without ports",
			svc:  service(func(s *corev1.Service) { s.Spec.ClusterIP, s.Spec.Ports = corev1.ClusterIPNone, nil }),
			pods: []*corev1.Pod{ready},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{address(ready, "10.1.0.1")}}},
		},
		{
			name: "not headless without ports",
			svc:  service(func(s *corev1.Service) { s.Spec.Ports = nil }),
			pods: []*corev1.Pod{ready},
			want: []corev1.EndpointSubset{},
		},
		{
			name: "a port the pod does not name",
			svc: service(func(s *corev1.Service) {
				s.Spec.Ports = append(s.Spec.Ports, corev1.ServicePort{Name: "grpc", Port: 90, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("grpc")})
			}),
			pods: []*corev1.Pod{ready},
			want: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{address(ready, "10.1.0.1")}, Ports: web}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Subsets(tt.svc, tt.pods)); diff != "" {
				t.Errorf("Subsets (-want +got):\n%s", diff)
			}
		})
	}
}

func addresses(prefix string, n int) []corev1.EndpointAddress {
	out := make([]corev1.EndpointAddress, n)
	for i := range out {
		out[i] = corev1.EndpointAddress{IP: fmt.Sprintf("%s.%d.%d", prefix, i/250, i%250)}
	}
	return out
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name      string
		subsets   []corev1.EndpointSubset
		truncated bool
		// want is the number of ready and not ready addresses left in each subset.
		want [][2]int
	}{
		{
			name:    "at capacity",
			subsets: []corev1.EndpointSubset{{Addresses: addresses("10.0", 600), NotReadyAddresses: addresses("10.1", 400)}},
			want:    [][2]int{{600, 400}},
		},
		{
			name:      "not ready addresses go first",
			subsets:   []corev1.EndpointSubset{{Addresses: addresses("10.0", 900), NotReadyAddresses: addresses("10.1", 200)}},
			truncated: true,
			want:      [][2]int{{900, 100}},
		},
		{
			name: "too many ready addresses: shares in proportion, not ready ones gone",
			subsets: []corev1.EndpointSubset{
				{Addresses: addresses("10.0", 1500), NotReadyAddresses: addresses("10.1", 10)},
				{Addresses: addresses("10.2", 500)},
			},
			truncated: true,
			want:      [][2]int{{750, 0}, {250, 0}},
		},
		{
			name: "not ready shares round up, the last subset gets what is left",
			subsets: []corev1.EndpointSubset{
				{Addresses: addresses("10.0", 997), NotReadyAddresses: addresses("10.1", 5)},
				{NotReadyAddresses: addresses("10.2", 5)},
			},
			truncated: true,
			want:      [][2]int{{997, 2}, {0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := &corev1.Endpoints{Subsets: tt.subsets}
			if got := Truncate(ep); got != tt.truncated {
				t.Errorf("Truncate = %t, want %t", got, tt.truncated)
			}
			var got [][2]int
			for _, s := range ep.Subsets {
				got = append(got, [2]int{len(s.Addresses), len(s.NotReadyAddresses)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("addresses left (-want +got):\n%s", diff)
			}
		})
	}
}
