package core

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/utils/ptr"
)

func service(t corev1.ServiceType, nodePorts ...int32) *corev1.Service {
	svc := &corev1.Service{Spec: corev1.ServiceSpec{Type: t}}
	for _, np := range nodePorts {
		svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Port: 80, NodePort: np})
	}
	return svc
}

func TestServiceUsage(t *testing.T) {
	noNodePorts := service(corev1.ServiceTypeLoadBalancer, 30001, 0, 0)
	noNodePorts.Spec.AllocateLoadBalancerNodePorts = ptr.To(false)
	tests := []struct {
		name string
		svc  *corev1.Service
		want corev1.ResourceList
	}{
		{"cluster IP", service(corev1.ServiceTypeClusterIP, 0, 0), resources("count/services", "1", "services", "1", "services.nodeports", "0", "services.loadbalancers", "0")},
		{"node port counts every port", service(corev1.ServiceTypeNodePort, 0, 30002), resources("count/services", "1", "services", "1", "services.nodeports", "2", "services.loadbalancers", "0")},
		{"load balancer", service(corev1.ServiceTypeLoadBalancer, 0, 0), resources("count/services", "1", "services", "1", "services.nodeports", "2", "services.loadbalancers", "1")},
		{"load balancer without node ports counts the ports that name one", noNodePorts, resources("count/services", "1", "services", "1", "services.nodeports", "1", "services.loadbalancers", "1")},
	}
	e := NewServiceEvaluator(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Usage(tt.svc)
			if err != nil {
				t.Fatal(err)
			}
			if !quota.Equals(got, tt.want) {
				t.Errorf("usage = %v, want %v", got, tt.want)
			}
		})
	}
}
