package v2_test

import (
	"reflect"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
)

func defaulted(t *testing.T, hpa *autoscalingv2.HorizontalPodAutoscaler) *autoscalingv2.HorizontalPodAutoscaler {
	t.Helper()
	s := runtime.NewScheme()
	install.Install(s)
	s.Default(hpa)
	return hpa
}

func int32p(v int32) *int32 { return &v }

func TestAutoscalingV2DefaultsMinReplicasAndCPUMetric(t *testing.T) {
	hpa := defaulted(t, &autoscalingv2.HorizontalPodAutoscaler{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{MaxReplicas: 3}})
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas != 1 {
		t.Errorf("minReplicas = %v, want 1", hpa.Spec.MinReplicas)
	}
	want := []autoscalingv2.MetricSpec{{
		Type: autoscalingv2.ResourceMetricSourceType,
		Resource: &autoscalingv2.ResourceMetricSource{
			Name:   corev1.ResourceCPU,
			Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: int32p(80)},
		},
	}}
	if !reflect.DeepEqual(hpa.Spec.Metrics, want) {
		t.Errorf("metrics = %+v, want 80%% CPU utilization", hpa.Spec.Metrics)
	}
	if hpa.Spec.Behavior != nil {
		t.Errorf("behavior = %+v, want it left unset", hpa.Spec.Behavior)
	}
}

func TestAutoscalingV2DefaultsKeepSetFields(t *testing.T) {
	metrics := []autoscalingv2.MetricSpec{{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{Metric: autoscalingv2.MetricIdentifier{Name: "qps"}}}}
	hpa := defaulted(t, &autoscalingv2.HorizontalPodAutoscaler{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{MinReplicas: int32p(3), Metrics: metrics}})
	if *hpa.Spec.MinReplicas != 3 || len(hpa.Spec.Metrics) != 1 || hpa.Spec.Metrics[0].Type != autoscalingv2.PodsMetricSourceType {
		t.Errorf("spec = %+v, want minReplicas and metrics kept", hpa.Spec)
	}
}

func TestAutoscalingV2DefaultsBehavior(t *testing.T) {
	minPolicy := autoscalingv2.MinChangePolicySelect
	hpa := defaulted(t, &autoscalingv2.HorizontalPodAutoscaler{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
		Behavior: &autoscalingv2.HorizontalPodAutoscalerBehavior{
			ScaleDown: &autoscalingv2.HPAScalingRules{SelectPolicy: &minPolicy},
		},
	}})
	maxPolicy := autoscalingv2.MaxChangePolicySelect
	want := &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleUp: &autoscalingv2.HPAScalingRules{
			StabilizationWindowSeconds: int32p(0),
			SelectPolicy:               &maxPolicy,
			Policies: []autoscalingv2.HPAScalingPolicy{
				{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 15},
				{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
			},
		},
		ScaleDown: &autoscalingv2.HPAScalingRules{
			SelectPolicy: &minPolicy,
			Policies:     []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15}},
		},
	}
	if !reflect.DeepEqual(hpa.Spec.Behavior, want) {
		t.Errorf("behavior = %+v\nwant       %+v", hpa.Spec.Behavior, want)
	}
}
