package validation

import (
	"strings"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func int32p(v int32) *int32 { return &v }

func quantity(s string) *resource.Quantity {
	q := resource.MustParse(s)
	return &q
}

func validHPA() *autoscalingv2.HorizontalPodAutoscaler {
	return &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{Kind: "ReplicationController", Name: "web", APIVersion: "v1"},
			MinReplicas:    int32p(1),
			MaxReplicas:    5,
			Metrics: []autoscalingv2.MetricSpec{{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
				Name: corev1.ResourceCPU, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: int32p(70)}}}},
		},
	}
}

func rules(policies ...autoscalingv2.HPAScalingPolicy) *autoscalingv2.HPAScalingRules {
	return &autoscalingv2.HPAScalingRules{Policies: policies}
}

func TestAutoscalingValidation(t *testing.T) {
	bogus := autoscalingv2.ScalingPolicySelect("Sometimes")
	tests := []struct {
		name   string
		tweak  func(*autoscalingv2.HorizontalPodAutoscaler)
		errors []string
	}{
		{"valid", func(*autoscalingv2.HorizontalPodAutoscaler) {}, nil},
		{"invalid name", func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Name = "Web" },
			[]string{`metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`}},
		{"replica bounds", func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Spec.MinReplicas = int32p(0); h.Spec.MaxReplicas = 0 },
			[]string{"spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
				"spec.minReplicas: Invalid value: 0: must be greater than or equal to 1", "spec.maxReplicas: Required value"}},
		{"negative max", func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Spec.MinReplicas = nil; h.Spec.MaxReplicas = -1 },
			[]string{"spec.maxReplicas: Invalid value: -1: must be greater than or equal to 1"}},
		{"max below min", func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Spec.MinReplicas = int32p(6) },
			[]string{"spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`"}},
		{"target ref", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{Name: "a/b", APIVersion: "v1"}
		}, []string{"spec.scaleTargetRef.kind: Required value", `spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/'`,
			`spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group`}},
		{"bad target apiVersion", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{Kind: "Deployment", Name: "web", APIVersion: "apps/v1/x"}
		}, []string{`spec.scaleTargetRef.apiVersion: Invalid value: "apps/v1/x": unexpected GroupVersion string: apps/v1/x`}},
		{"resource metric", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Resource = &autoscalingv2.ResourceMetricSource{Target: autoscalingv2.MetricTarget{Type: "Most", AverageUtilization: int32p(0), AverageValue: quantity("-1")}}
		}, []string{"spec.metrics[0].resource.name: Required value: must specify a resource name",
			`spec.metrics[0].resource.target.type: Invalid value: "Most": must be either Utilization, Value, or AverageValue`,
			`spec.metrics[0].resource.target.averageValue: Invalid value: "-1": must be positive`,
			"spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
			"spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization"}},
		{"metric type without source", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Type = autoscalingv2.PodsMetricSourceType
		}, []string{"spec.metrics[0].pods: Required value: must populate information for the given metric source"}},
		{"unknown metric type", func(h *autoscalingv2.HorizontalPodAutoscaler) { h.Spec.Metrics[0].Type = "Magic" },
			[]string{`spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`,
				`spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`}},
		{"two sources", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Pods = &autoscalingv2.PodsMetricSource{Metric: autoscalingv2.MetricIdentifier{Name: "qps"}, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("1")}}
		}, []string{"spec.metrics[0].pods: Forbidden: must populate the given metric source only"}},
		{"pods metric", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0] = autoscalingv2.MetricSpec{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType}}}
		}, []string{"spec.metrics[0].pods.metric.name: Required value: must specify a metric name",
			"spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue"}},
		{"object metric", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0] = autoscalingv2.MetricSpec{Type: autoscalingv2.ObjectMetricSourceType, Object: &autoscalingv2.ObjectMetricSource{
				DescribedObject: autoscalingv2.CrossVersionObjectReference{Kind: "Service", Name: "front", APIVersion: "v1"},
				Metric:          autoscalingv2.MetricIdentifier{Name: "hits"}, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType}}}
		}, []string{"spec.metrics[0].object.target.averageValue: Required value: must set either a target value or averageValue"}},
		{"external metric", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0] = autoscalingv2.MetricSpec{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{
				Metric: autoscalingv2.MetricIdentifier{Name: "q"}, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType, Value: quantity("1"), AverageValue: quantity("2")}}}
		}, []string{"spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target"}},
		{"container resource metric", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			h.Spec.Metrics[0] = autoscalingv2.MetricSpec{Type: autoscalingv2.ContainerResourceMetricSourceType, ContainerResource: &autoscalingv2.ContainerResourceMetricSource{
				Name: "pods", Container: "App", Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType}}}
		}, []string{`spec.metrics[0].containerResource.name: Invalid value: "pods": must be a standard resource for containers`,
			`spec.metrics[0].containerResource.container: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			"spec.metrics[0].containerResource.target.averageUtilization: Required value: must set either a target raw value or a target utilization"}},
		{"behavior", func(h *autoscalingv2.HorizontalPodAutoscaler) {
			up := rules(autoscalingv2.HPAScalingPolicy{Type: "Nodes", Value: 0, PeriodSeconds: 1801})
			up.StabilizationWindowSeconds = int32p(3601)
			up.SelectPolicy = &bogus
			up.Tolerance = quantity("-0.1")
			h.Spec.Behavior = &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: up, ScaleDown: rules()}
		}, []string{"spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600",
			`spec.behavior.scaleUp.selectPolicy: Unsupported value: "Sometimes": supported values: "Disabled", "Max", "Min"`,
			`spec.behavior.scaleUp.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"`,
			"spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
			"spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
			`spec.behavior.scaleUp.tolerance: Invalid value: "-100m": must be greater than or equal to 0`,
			"spec.behavior.scaleDown.policies: Required value: must specify at least one Policy"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hpa := validHPA()
			tc.tweak(hpa)
			var got []string
			for _, err := range ValidateHorizontalPodAutoscaler(hpa, OptionsFor(hpa, nil)) {
				got = append(got, err.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.errors, "\n") {
				t.Errorf("errors:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.errors, "\n  "))
			}
		})
	}
}

// TestAutoscalingValidationUpdateOptions checks what an update may keep: a scale-to-zero autoscaler
// stays valid, and an unchanged target keeps an apiVersion that a create would refuse.
func TestAutoscalingValidationUpdateOptions(t *testing.T) {
	old := validHPA()
	old.ResourceVersion = "1"
	old.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{Kind: "Deployment", Name: "web", APIVersion: "v1"}
	old.Spec.MinReplicas = int32p(0)
	old.Spec.Metrics = []autoscalingv2.MetricSpec{{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{
		Metric: autoscalingv2.MetricIdentifier{Name: "q"}, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType, Value: quantity("1")}}}}
	if errs := ValidateHorizontalPodAutoscaler(old, OptionsFor(old, nil)); len(errs) != 2 {
		t.Errorf("create errors = %v, want minReplicas and apiVersion refused", errs)
	}
	hpa := old.DeepCopy()
	hpa.Spec.MaxReplicas = 7
	if errs := ValidateHorizontalPodAutoscalerUpdate(hpa, old, OptionsFor(hpa, old)); len(errs) != 0 {
		t.Errorf("update errors = %v, want none", errs)
	}
	hpa.Spec.ScaleTargetRef.Kind = "StatefulSet"
	if errs := ValidateHorizontalPodAutoscalerUpdate(hpa, old, OptionsFor(hpa, old)); len(errs) != 1 || errs[0].Field != "spec.scaleTargetRef.apiVersion" {
		t.Errorf("update errors = %v, want the changed target's apiVersion refused", errs)
	}
}

func TestAutoscalingValidationStatusUpdate(t *testing.T) {
	old := validHPA()
	old.ResourceVersion = "1"
	hpa := old.DeepCopy()
	hpa.Status.CurrentReplicas = -1
	hpa.Status.DesiredReplicas = -2
	errs := ValidateHorizontalPodAutoscalerStatusUpdate(hpa, old)
	if len(errs) != 2 || errs[0].Error() != "status.currentReplicas: Invalid value: -1: must be greater than or equal to 0" ||
		errs[1].Error() != "status.desiredReplicas: Invalid value: -2: must be greater than or equal to 0" {
		t.Errorf("errors = %v", errs)
	}
}
