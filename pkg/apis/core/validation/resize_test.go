package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestValidatePodResize(t *testing.T) {
	burstable := func(cpu, memory string) *corev1.Pod {
		pod := validPod()
		pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)},
			Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(memory)},
		}
		pod.Status.QOSClass = corev1.PodQOSBurstable
		return pod
	}
	tests := []struct {
		name   string
		resize func(*corev1.Pod)
		want   []string
	}{
		{name: "cpu request and memory limit change", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("200m")
			p.Spec.Containers[0].Resources.Limits[corev1.ResourceMemory] = resource.MustParse("256Mi")
		}},
		{name: "resize policy change", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].ResizePolicy = []corev1.ContainerResizePolicy{{ResourceName: corev1.ResourceMemory, RestartPolicy: corev1.RestartContainer}}
		}},
		{name: "becoming guaranteed", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("128Mi")}
			p.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("128Mi")}
		}, want: []string{`spec: Invalid value: "Burstable": Pod QOS Class may not change as a result of resizing`}},
		{name: "removing a limit", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}
		}, want: []string{`spec.containers[0].resources.limits[memory]: Forbidden: resource limits cannot be removed`}},
		{name: "an extended resource", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Limits["example.com/gpu"] = resource.MustParse("1")
			p.Spec.Containers[0].Resources.Requests["example.com/gpu"] = resource.MustParse("1")
		}, want: []string{`spec: Forbidden: only cpu and memory resources are mutable`}},
		{name: "another field", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Image = "nginx:1.28"
		}, want: []string{`spec: Forbidden: only cpu and memory resources are mutable`}},
		{name: "renamed container", resize: func(p *corev1.Pod) {
			p.Spec.Containers[0].Name = "other"
		}, want: []string{`spec.containers[0].name: Forbidden: containers may not be renamed or reordered on resize`}},
		{name: "added container", resize: func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, validContainer("second"))
		}, want: []string{`spec.containers: Forbidden: containers may not be added or removed on resize`}},
		{name: "static pod", resize: func(p *corev1.Pod) {
			p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "mirror"}
		}, want: []string{`[]: Forbidden: static pods cannot be resized`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oldPod := burstable("100m", "128Mi")
			if tt.name == "static pod" {
				tt.resize(oldPod)
			}
			newPod := oldPod.DeepCopy()
			tt.resize(newPod)
			expectErrors(t, ValidatePodResize(newPod, oldPod), tt.want...)
		})
	}
}
