package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestContainerResources(t *testing.T) {
	q := resource.MustParse
	cases := []struct {
		name      string
		resources corev1.ResourceRequirements
		want      []string
	}{
		{
			name: "valid",
			resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: q("500m"), corev1.ResourceMemory: q("128Mi"), "example.com/gpu": q("1")},
				Limits:   corev1.ResourceList{corev1.ResourceCPU: q("1"), corev1.ResourceMemory: q("256Mi"), "example.com/gpu": q("1")},
			},
		},
		{
			name: "requests above limits, reported on the requests map",
			resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: q("2")},
				Limits:   corev1.ResourceList{corev1.ResourceCPU: q("1")},
			},
			want: []string{`spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`},
		},
		{
			name:      "negative quantity",
			resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: q("-1")}},
			want:      []string{`spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0`},
		},
		{
			name:      "unknown unqualified resource",
			resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"gpu": q("1")}},
			want: []string{
				`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
				`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
			},
		},
		{
			name:      "quota-only resource is not for containers",
			resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourcePods: q("1")}},
			want:      []string{`spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers`},
		},
		{
			name: "extended resources must be whole and not overcommitted",
			resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{"example.com/gpu": q("500m")},
			},
			want: []string{
				`spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer`,
				"spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
			},
		},
		{
			name: "hugepages need cpu or memory and whole pages",
			resources: corev1.ResourceRequirements{
				Limits: corev1.ResourceList{"hugepages-2Mi": q("3Mi")},
			},
			want: []string{
				`spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`,
				"spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
			},
		},
		{
			name: "claims must refer to pod claims",
			resources: corev1.ResourceRequirements{
				Claims: []corev1.ResourceClaim{{Name: "gpu"}},
			},
			want: []string{`spec.containers[0].resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			pod.Spec.Containers[0].Resources = tc.resources
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}

func TestPodLevelResources(t *testing.T) {
	q := resource.MustParse
	pod := validPod()
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: q("2")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: q("4")},
	}
	pod.Spec.Resources = &corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: q("3")},
	}
	expectErrors(t, ValidatePodCreate(pod),
		`spec.resources.requests[cpu]: Invalid value: "1": must be greater than or equal to aggregate container requests of 2`,
		`spec.resources.containers[0][cpu].limits: Invalid value: "4": must be less than or equal to pod limits of 3`,
	)
}

func TestNodeResourceQuantities(t *testing.T) {
	node := validNode()
	node.Status.Capacity = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("-1"), corev1.ResourcePods: resource.MustParse("1500m")}
	expectErrors(t, ValidateNode(node),
		`status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0`,
		`status.capacity.pods: Invalid value: "1500m": must be an integer`,
	)
}

func TestOverheadUsesContainerResourceNames(t *testing.T) {
	spec := validPod().Spec
	spec.Overhead = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("1")}
	expectErrors(t, validatePodSpec(&spec, nil, field.NewPath("spec"), podValidationOptions{}),
		`spec.overhead.limits[pods]: Invalid value: "pods": must be a standard resource for containers`)
}
