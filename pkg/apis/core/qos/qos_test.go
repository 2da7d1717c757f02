package qos

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestComputePodQOS(t *testing.T) {
	tests := []struct {
		name string
		spec corev1.PodSpec
		want corev1.PodQOSClass
	}{
		{
			name: "no resources anywhere",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", nil, nil)}},
			want: corev1.PodQOSBestEffort,
		},
		{
			name: "zero quantities count as unset",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("0", "0"), resources("0", "0"))}},
			want: corev1.PodQOSBestEffort,
		},
		{
			name: "only resources other than cpu and memory",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a",
				corev1.ResourceList{corev1.ResourceEphemeralStorage: resource.MustParse("1Gi")},
				corev1.ResourceList{corev1.ResourceEphemeralStorage: resource.MustParse("1Gi")})}},
			want: corev1.PodQOSBestEffort,
		},
		{
			name: "requests without limits",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("100m", "100Mi"), nil)}},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "requests equal limits for cpu and memory",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("100m", "100Mi"), resources("100m", "100Mi"))}},
			want: corev1.PodQOSGuaranteed,
		},
		{
			name: "equal quantities written differently",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("1", "1Gi"), resources("1000m", "1073741824"))}},
			want: corev1.PodQOSGuaranteed,
		},
		{
			name: "limits above requests",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("100m", "100Mi"), resources("200m", "100Mi"))}},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "a memory limit alone is not guaranteed",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", resources("", "100Mi"), resources("", "100Mi"))}},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "two guaranteed containers",
			spec: corev1.PodSpec{Containers: []corev1.Container{
				container("a", resources("100m", "100Mi"), resources("100m", "100Mi")),
				container("b", resources("200m", "50Mi"), resources("200m", "50Mi")),
			}},
			want: corev1.PodQOSGuaranteed,
		},
		{
			name: "one container without resources spoils guaranteed",
			spec: corev1.PodSpec{Containers: []corev1.Container{
				container("a", resources("100m", "100Mi"), resources("100m", "100Mi")),
				container("b", nil, nil),
			}},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "init containers count",
			spec: corev1.PodSpec{
				InitContainers: []corev1.Container{container("init", resources("100m", ""), nil)},
				Containers:     []corev1.Container{container("a", nil, nil)},
			},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "pod-level resources decide over containers",
			spec: corev1.PodSpec{
				Resources:  &corev1.ResourceRequirements{Requests: resources("1", "1Gi"), Limits: resources("1", "1Gi")},
				Containers: []corev1.Container{container("a", nil, nil)},
			},
			want: corev1.PodQOSGuaranteed,
		},
		{
			name: "pod-level requests without limits",
			spec: corev1.PodSpec{
				Resources:  &corev1.ResourceRequirements{Requests: resources("1", "")},
				Containers: []corev1.Container{container("a", resources("1", "1Gi"), resources("1", "1Gi"))},
			},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "pod-level limits missing memory",
			spec: corev1.PodSpec{
				Resources:  &corev1.ResourceRequirements{Requests: resources("1", ""), Limits: resources("1", "")},
				Containers: []corev1.Container{container("a", nil, nil)},
			},
			want: corev1.PodQOSBurstable,
		},
		{
			name: "empty pod-level resources fall back to the containers",
			spec: corev1.PodSpec{
				Resources:  &corev1.ResourceRequirements{},
				Containers: []corev1.Container{container("a", resources("1", "1Gi"), resources("1", "1Gi"))},
			},
			want: corev1.PodQOSGuaranteed,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ComputePodQOS(&corev1.Pod{Spec: tc.spec}); got != tc.want {
				t.Errorf("ComputePodQOS() = %s, want %s", got, tc.want)
			}
		})
	}
}

// resources lists cpu and memory quantities; an empty string leaves that resource out.
func resources(cpu, memory string) corev1.ResourceList {
	list := corev1.ResourceList{}
	for name, q := range map[corev1.ResourceName]string{corev1.ResourceCPU: cpu, corev1.ResourceMemory: memory} {
		if q != "" {
			list[name] = resource.MustParse(q)
		}
	}
	return list
}

func container(name string, requests, limits corev1.ResourceList) corev1.Container {
	return corev1.Container{Name: name, Resources: corev1.ResourceRequirements{Requests: requests, Limits: limits}}
}
