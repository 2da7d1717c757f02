package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateLimitRange(t *testing.T) {
	q := resource.MustParse
	tests := []struct {
		name   string
		limits []corev1.LimitRangeItem
		want   []string
	}{
		{"valid container item", []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer,
			Min:  corev1.ResourceList{"cpu": q("100m")}, Max: corev1.ResourceList{"cpu": q("2")},
			Default: corev1.ResourceList{"cpu": q("1")}, DefaultRequest: corev1.ResourceList{"cpu": q("500m")},
			MaxLimitRequestRatio: corev1.ResourceList{"cpu": q("4")},
		}}, nil},
		{"unknown type and duplicate", []corev1.LimitRangeItem{
			{Type: "Thing", Max: corev1.ResourceList{"cpu": q("1")}},
			{Type: "Thing", Max: corev1.ResourceList{"cpu": q("1")}},
		}, []string{
			`spec.limits[0].type: Invalid value: "Thing": must be a standard limit type or fully qualified`,
			`spec.limits[1].type: Invalid value: "Thing": must be a standard limit type or fully qualified`,
			`spec.limits[1].type: Duplicate value: "Thing"`,
		}},
		{"pod defaults", []corev1.LimitRangeItem{{Type: corev1.LimitTypePod, Default: corev1.ResourceList{"cpu": q("1")}}}, []string{
			"spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
		}},
		{"claim without storage bounds", []corev1.LimitRangeItem{{Type: corev1.LimitTypePersistentVolumeClaim}}, []string{
			"spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
		}},
		{"storage for containers", []corev1.LimitRangeItem{{Type: corev1.LimitTypeContainer, Max: corev1.ResourceList{"storage": q("1Gi")}}}, []string{
			`spec.limits[0].max[storage]: Invalid value: "storage": must be a standard resource for containers`,
		}},
		{"disordered bounds", []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer,
			Min:  corev1.ResourceList{"memory": q("2Gi")}, Max: corev1.ResourceList{"memory": q("1Gi")},
			Default: corev1.ResourceList{"memory": q("3Gi")}, DefaultRequest: corev1.ResourceList{"memory": q("4Gi")},
			MaxLimitRequestRatio: corev1.ResourceList{"memory": q("500m")},
		}}, []string{
			`spec.limits[0].min[memory]: Invalid value: "2Gi": min value 2Gi is greater than max value 1Gi`,
			`spec.limits[0].defaultRequest[memory]: Invalid value: "4Gi": default request value 4Gi is greater than max value 1Gi`,
			`spec.limits[0].defaultRequest[memory]: Invalid value: "4Gi": default request value 4Gi is greater than default limit value 3Gi`,
			`spec.limits[0].default[memory]: Invalid value: "1Gi": default value 3Gi is greater than max value 1Gi`,
			`spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: "500m": ratio 500m is less than 1`,
		}},
		{"ratio above max over min", []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer,
			Min:  corev1.ResourceList{"cpu": q("1")}, Max: corev1.ResourceList{"cpu": q("2")},
			MaxLimitRequestRatio: corev1.ResourceList{"cpu": q("3")},
		}}, []string{
			`spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "lr", Namespace: "default"}, Spec: corev1.LimitRangeSpec{Limits: tt.limits}}
			expectErrors(t, ValidateLimitRange(lr), tt.want...)
		})
	}
}
