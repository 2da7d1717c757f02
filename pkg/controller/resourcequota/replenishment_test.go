package resourcequota

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestChargeChanged(t *testing.T) {
	running := &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	succeeded := &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodSucceeded}}
	resized := running.DeepCopy()
	resized.Status.ContainerStatuses = []corev1.ContainerStatus{{AllocatedResources: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")}}}
	small := running.DeepCopy()
	small.Status.ContainerStatuses = []corev1.ContainerStatus{{AllocatedResources: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}}}
	svc := func(t corev1.ServiceType) *corev1.Service { return &corev1.Service{Spec: corev1.ServiceSpec{Type: t}} }
	claim := func(size string) *corev1.PersistentVolumeClaim {
		pvc := &corev1.PersistentVolumeClaim{}
		if size != "" {
			pvc.Status.AllocatedResources = corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(size)}
		}
		return pvc
	}
	pods := schema.GroupResource{Resource: "pods"}
	services := schema.GroupResource{Resource: "services"}
	claims := schema.GroupResource{Resource: "persistentvolumeclaims"}
	tests := []struct {
		name     string
		gr       schema.GroupResource
		old, obj any
		want     bool
	}{
		{"pod turning terminal", pods, running, succeeded, true},
		{"pod staying running", pods, running, running.DeepCopy(), false},
		{"pod resized", pods, small, resized, true},
		{"cluster IP to node port", services, svc(corev1.ServiceTypeClusterIP), svc(corev1.ServiceTypeNodePort), true},
		{"node port to load balancer", services, svc(corev1.ServiceTypeNodePort), svc(corev1.ServiceTypeLoadBalancer), true},
		{"cluster IP to external name", services, svc(corev1.ServiceTypeClusterIP), svc(corev1.ServiceTypeExternalName), false},
		{"claim allocated more", claims, claim("1Gi"), claim("2Gi"), true},
		{"claim allocated the same", claims, claim("1Gi"), claim("1Gi"), false},
		{"other resources never", schema.GroupResource{Resource: "configmaps"}, &corev1.ConfigMap{}, &corev1.ConfigMap{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chargeChanged(tt.gr, tt.old, tt.obj); got != tt.want {
				t.Errorf("chargeChanged = %v, want %v", got, tt.want)
			}
		})
	}
}
