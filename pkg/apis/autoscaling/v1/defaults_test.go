package v1_test

import (
	"testing"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
)

// TestAutoscalingV1Defaults checks that only minReplicas is defaulted in v1: the CPU target comes
// with the conversion to v2.
func TestAutoscalingV1Defaults(t *testing.T) {
	s := runtime.NewScheme()
	install.Install(s)
	hpa := &autoscalingv1.HorizontalPodAutoscaler{Spec: autoscalingv1.HorizontalPodAutoscalerSpec{MaxReplicas: 3}}
	s.Default(hpa)
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas != 1 {
		t.Errorf("minReplicas = %v, want 1", hpa.Spec.MinReplicas)
	}
	if hpa.Spec.TargetCPUUtilizationPercentage != nil {
		t.Errorf("targetCPUUtilizationPercentage = %d, want it unset", *hpa.Spec.TargetCPUUtilizationPercentage)
	}
	three := int32(3)
	hpa = &autoscalingv1.HorizontalPodAutoscaler{Spec: autoscalingv1.HorizontalPodAutoscalerSpec{MinReplicas: &three}}
	s.Default(hpa)
	if *hpa.Spec.MinReplicas != 3 {
		t.Errorf("minReplicas = %d, want 3 kept", *hpa.Spec.MinReplicas)
	}
}
