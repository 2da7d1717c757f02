package horizontalpodautoscaler

import (
	"context"
	"reflect"
	"testing"
	"time"

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

func TestAutoscalingTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &autoscalingv2.HorizontalPodAutoscaler{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct{ name, typ string }
	want := []col{{"Name", "string"}, {"Reference", "string"}, {"Targets", "string"}, {"MinPods", "string"}, {"MaxPods", "integer"}, {"Replicas", "integer"}, {"Age", "string"}}
	var got []col
	for _, c := range table.ColumnDefinitions {
		got = append(got, col{c.Name, c.Type})
		if c.Description == "" || c.Priority != 0 {
			t.Errorf("column %s: description %q, priority %d", c.Name, c.Description, c.Priority)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func resourceMetric(name corev1.ResourceName, target autoscalingv2.MetricTarget) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{Name: name, Target: target}}
}

func TestAutoscalingTableRows(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-2 * time.Hour))
	ref := autoscalingv2.CrossVersionObjectReference{Kind: "ReplicationController", Name: "web", APIVersion: "v1"}
	utilization := autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: int32p(60)}
	tests := []struct {
		name string
		hpa  autoscalingv2.HorizontalPodAutoscaler
		want []interface{}
	}{
		{
			name: "kubectl autoscale, no metrics yet",
			hpa: autoscalingv2.HorizontalPodAutoscaler{
				ObjectMeta: metav1.ObjectMeta{Name: "web", CreationTimestamp: created},
				Spec:       autoscalingv2.HorizontalPodAutoscalerSpec{ScaleTargetRef: ref, MinReplicas: int32p(1), MaxReplicas: 5, Metrics: []autoscalingv2.MetricSpec{resourceMetric(corev1.ResourceCPU, utilization)}},
			},
			want: []interface{}{"web", "ReplicationController/web", "cpu: <unknown>/60%", "1", int64(5), int64(0), "120m"},
		},
		{
			name: "current values, every kind of metric, only two shown",
			hpa: autoscalingv2.HorizontalPodAutoscaler{
				ObjectMeta: metav1.ObjectMeta{Name: "busy", CreationTimestamp: created},
				Spec: autoscalingv2.HorizontalPodAutoscalerSpec{ScaleTargetRef: ref, MaxReplicas: 9, Metrics: []autoscalingv2.MetricSpec{
					resourceMetric(corev1.ResourceCPU, utilization),
					resourceMetric(corev1.ResourceMemory, autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("100Mi")}),
					{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{Target: autoscalingv2.MetricTarget{AverageValue: quantity("1k")}}},
				}},
				Status: autoscalingv2.HorizontalPodAutoscalerStatus{CurrentReplicas: 3, CurrentMetrics: []autoscalingv2.MetricStatus{
					{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricStatus{Name: corev1.ResourceCPU, Current: autoscalingv2.MetricValueStatus{AverageUtilization: int32p(45)}}},
					{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricStatus{Name: corev1.ResourceMemory, Current: autoscalingv2.MetricValueStatus{AverageValue: quantity("50Mi")}}},
				}},
			},
			want: []interface{}{"busy", "ReplicationController/web", "cpu: 45%/60%, memory: 50Mi/100Mi + 1 more...", "<unset>", int64(9), int64(3), "120m"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tc.hpa, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v\nwant    %#v", got, tc.want)
			}
		})
	}
}

func TestAutoscalingTableTargets(t *testing.T) {
	tests := []struct {
		name     string
		spec     autoscalingv2.MetricSpec
		status   []autoscalingv2.MetricStatus
		expected string
	}{
		{"pods", autoscalingv2.MetricSpec{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{Target: autoscalingv2.MetricTarget{AverageValue: quantity("10")}}},
			[]autoscalingv2.MetricStatus{{Pods: &autoscalingv2.PodsMetricStatus{Current: autoscalingv2.MetricValueStatus{AverageValue: quantity("7")}}}}, "7/10"},
		{"object value", autoscalingv2.MetricSpec{Type: autoscalingv2.ObjectMetricSourceType, Object: &autoscalingv2.ObjectMetricSource{Target: autoscalingv2.MetricTarget{Value: quantity("20")}}},
			nil, "<unknown>/20"},
		{"object average", autoscalingv2.MetricSpec{Type: autoscalingv2.ObjectMetricSourceType, Object: &autoscalingv2.ObjectMetricSource{Target: autoscalingv2.MetricTarget{AverageValue: quantity("5")}}},
			[]autoscalingv2.MetricStatus{{Object: &autoscalingv2.ObjectMetricStatus{Current: autoscalingv2.MetricValueStatus{AverageValue: quantity("4")}}}}, "4/5 (avg)"},
		{"external value", autoscalingv2.MetricSpec{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{Target: autoscalingv2.MetricTarget{Value: quantity("30")}}},
			[]autoscalingv2.MetricStatus{{External: &autoscalingv2.ExternalMetricStatus{Current: autoscalingv2.MetricValueStatus{Value: quantity("12")}}}}, "12/30"},
		{"external average", autoscalingv2.MetricSpec{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{Target: autoscalingv2.MetricTarget{AverageValue: quantity("3")}}},
			nil, "<unknown>/3 (avg)"},
		{"container resource", autoscalingv2.MetricSpec{Type: autoscalingv2.ContainerResourceMetricSourceType, ContainerResource: &autoscalingv2.ContainerResourceMetricSource{Name: corev1.ResourceCPU, Container: "app", Target: autoscalingv2.MetricTarget{AverageUtilization: int32p(50)}}},
			nil, "cpu: <unknown>/50%"},
		{"resource without target", resourceMetric(corev1.ResourceCPU, autoscalingv2.MetricTarget{}), nil, "cpu: <unknown>/<auto>"},
		{"unknown type", autoscalingv2.MetricSpec{Type: "Magic"}, nil, "<unknown type>"},
	}
	for _, tc := range tests {
		if got := targets([]autoscalingv2.MetricSpec{tc.spec}, tc.status); got != tc.expected {
			t.Errorf("%s: targets = %q, want %q", tc.name, got, tc.expected)
		}
	}
	if got := targets(nil, nil); got != "<none>" {
		t.Errorf("no metrics: targets = %q, want <none>", got)
	}
}
