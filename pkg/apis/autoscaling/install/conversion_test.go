package install

import (
	"reflect"
	"testing"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	autoscalingv2defaults "github.com/kapi-dev/kapi/pkg/apis/autoscaling/v2"
)

func int32p(v int32) *int32 { return &v }

func quantity(s string) *resource.Quantity {
	q := resource.MustParse(s)
	return &q
}

// fullHPA is a v2 autoscaler using every metric source, a behavior and a status, with the CPU
// utilization metric last, where a v1 round trip puts it back.
func fullHPA() *autoscalingv2.HorizontalPodAutoscaler {
	now := metav1.NewTime(time.Unix(1700000000, 0))
	maxPolicy, minPolicy := autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect
	selector := &metav1.LabelSelector{MatchLabels: map[string]string{"queue": "jobs"}}
	return &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", Annotations: map[string]string{"team": "a"}},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{Kind: "Deployment", Name: "web", APIVersion: "apps/v1"},
			MinReplicas:    int32p(2),
			MaxReplicas:    10,
			Metrics: []autoscalingv2.MetricSpec{
				{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
					Name: corev1.ResourceMemory, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("100Mi")}}},
				{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{
					Metric: autoscalingv2.MetricIdentifier{Name: "qps", Selector: selector},
					Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("1k")}}},
				{Type: autoscalingv2.ObjectMetricSourceType, Object: &autoscalingv2.ObjectMetricSource{
					DescribedObject: autoscalingv2.CrossVersionObjectReference{Kind: "Service", Name: "front", APIVersion: "v1"},
					Metric:          autoscalingv2.MetricIdentifier{Name: "hits"},
					Target:          autoscalingv2.MetricTarget{Type: autoscalingv2.ValueMetricType, Value: quantity("10")}}},
				{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{
					Metric: autoscalingv2.MetricIdentifier{Name: "queue_depth", Selector: selector},
					Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("30")}}},
				{Type: autoscalingv2.ContainerResourceMetricSourceType, ContainerResource: &autoscalingv2.ContainerResourceMetricSource{
					Name: corev1.ResourceCPU, Container: "app", Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: int32p(50)}}},
				autoscalingv2defaults.CPUUtilizationMetric(70),
			},
			Behavior: &autoscalingv2.HorizontalPodAutoscalerBehavior{
				ScaleUp: &autoscalingv2.HPAScalingRules{
					StabilizationWindowSeconds: int32p(0), SelectPolicy: &maxPolicy, Tolerance: quantity("50m"),
					Policies: []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 15}},
				},
				ScaleDown: &autoscalingv2.HPAScalingRules{
					SelectPolicy: &minPolicy,
					Policies:     []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15}},
				},
			},
		},
		Status: autoscalingv2.HorizontalPodAutoscalerStatus{
			ObservedGeneration: func() *int64 { g := int64(3); return &g }(),
			LastScaleTime:      &now,
			CurrentReplicas:    4,
			DesiredReplicas:    5,
			CurrentMetrics: []autoscalingv2.MetricStatus{
				{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricStatus{
					Name: corev1.ResourceCPU, Current: autoscalingv2.MetricValueStatus{AverageUtilization: int32p(65), AverageValue: quantity("650m")}}},
				{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricStatus{
					Metric: autoscalingv2.MetricIdentifier{Name: "queue_depth"}, Current: autoscalingv2.MetricValueStatus{Value: quantity("120"), AverageValue: quantity("24")}}},
			},
			Conditions: []autoscalingv2.HorizontalPodAutoscalerCondition{{
				Type: autoscalingv2.ScalingActive, Status: corev1.ConditionTrue, LastTransitionTime: now, Reason: "ValidMetricFound", Message: "ok",
			}},
		},
	}
}

// TestAutoscalingConversionRoundTrip converts a v2 autoscaler to v1 and back: nothing is lost, and
// the round-trip annotations never reach the v2 object.
func TestAutoscalingConversionRoundTrip(t *testing.T) {
	in := fullHPA()
	var v1 autoscalingv1.HorizontalPodAutoscaler
	if err := FromHub(in, &v1); err != nil {
		t.Fatal(err)
	}
	if v1.Spec.TargetCPUUtilizationPercentage == nil || *v1.Spec.TargetCPUUtilizationPercentage != 70 {
		t.Errorf("targetCPUUtilizationPercentage = %v, want 70", v1.Spec.TargetCPUUtilizationPercentage)
	}
	if v1.Status.CurrentCPUUtilizationPercentage == nil || *v1.Status.CurrentCPUUtilizationPercentage != 65 {
		t.Errorf("currentCPUUtilizationPercentage = %v, want 65", v1.Status.CurrentCPUUtilizationPercentage)
	}
	for _, key := range []string{MetricsAnnotation, CurrentMetricsAnnotation, ConditionsAnnotation, BehaviorAnnotation, "team"} {
		if _, ok := v1.Annotations[key]; !ok {
			t.Errorf("v1 annotations %v lack %s", v1.Annotations, key)
		}
	}
	var out autoscalingv2.HorizontalPodAutoscaler
	ToHub(&v1, &out)
	if !reflect.DeepEqual(in, &out) {
		t.Errorf("round trip changed the autoscaler:\n got %+v\nwant %+v", out, *in)
	}
}

// TestAutoscalingConversionAnnotationFormat pins the annotation values kube-apiserver writes, so
// that either server reads the other's: v1 MetricSpecs for the metrics, and the behavior in the
// untagged field names of upstream's internal type.
func TestAutoscalingConversionAnnotationFormat(t *testing.T) {
	maxPolicy := autoscalingv2.MaxChangePolicySelect
	in := &autoscalingv2.HorizontalPodAutoscaler{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
		MaxReplicas: 3,
		Metrics: []autoscalingv2.MetricSpec{{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
			Name: corev1.ResourceMemory, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: quantity("100Mi")}}}},
		Behavior: &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: &autoscalingv2.HPAScalingRules{
			StabilizationWindowSeconds: int32p(0), SelectPolicy: &maxPolicy,
			Policies: []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 15}},
		}},
	}}
	var v1 autoscalingv1.HorizontalPodAutoscaler
	if err := FromHub(in, &v1); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		MetricsAnnotation:  `[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]`,
		BehaviorAnnotation: `{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}],"Tolerance":null},"ScaleDown":null}`,
	}
	if !reflect.DeepEqual(v1.Annotations, want) {
		t.Errorf("annotations = %v\nwant          %v", v1.Annotations, want)
	}
	if v1.Spec.TargetCPUUtilizationPercentage != nil {
		t.Errorf("targetCPUUtilizationPercentage = %d, want none for a memory metric", *v1.Spec.TargetCPUUtilizationPercentage)
	}
}

// TestAutoscalingConversionFromV1 checks what a v1 client's object becomes: the CPU percentage a
// metric, 80% CPU when it names none, and annotations it may have copied from a read dropped.
func TestAutoscalingConversionFromV1(t *testing.T) {
	in := &autoscalingv1.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{ConditionsAnnotation: "not json", "keep": "me"}},
		Spec:       autoscalingv1.HorizontalPodAutoscalerSpec{MaxReplicas: 3},
		Status:     autoscalingv1.HorizontalPodAutoscalerStatus{CurrentCPUUtilizationPercentage: int32p(40)},
	}
	var out autoscalingv2.HorizontalPodAutoscaler
	ToHub(in, &out)
	if want := []autoscalingv2.MetricSpec{autoscalingv2defaults.CPUUtilizationMetric(80)}; !reflect.DeepEqual(out.Spec.Metrics, want) {
		t.Errorf("metrics = %+v, want the 80%% CPU default", out.Spec.Metrics)
	}
	if want := map[string]string{"keep": "me"}; !reflect.DeepEqual(out.Annotations, want) {
		t.Errorf("annotations = %v, want %v", out.Annotations, want)
	}
	if len(out.Status.CurrentMetrics) != 1 || *out.Status.CurrentMetrics[0].Resource.Current.AverageUtilization != 40 || out.Status.Conditions != nil {
		t.Errorf("status = %+v, want the 40%% CPU current metric and no conditions", out.Status)
	}
	in.Spec.TargetCPUUtilizationPercentage = int32p(60)
	ToHub(in, &out)
	if want := []autoscalingv2.MetricSpec{autoscalingv2defaults.CPUUtilizationMetric(60)}; !reflect.DeepEqual(out.Spec.Metrics, want) {
		t.Errorf("metrics = %+v, want 60%% CPU", out.Spec.Metrics)
	}
}

// TestAutoscalingSchemeConversion checks the scheme's view: the internal autoscaler is the v2 type,
// the internal Scale the v1 one, lists convert, and v2 is the preferred version.
func TestAutoscalingSchemeConversion(t *testing.T) {
	s := runtime.NewScheme()
	Install(s)
	internal := schema.GroupVersion{Group: autoscalingv2.GroupName, Version: runtime.APIVersionInternal}
	hub, err := s.ConvertToVersion(&autoscalingv1.HorizontalPodAutoscaler{Spec: autoscalingv1.HorizontalPodAutoscalerSpec{MaxReplicas: 2}}, internal)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := hub.(*autoscalingv2.HorizontalPodAutoscaler); !ok {
		t.Fatalf("internal autoscaler is a %T, want autoscalingv2.HorizontalPodAutoscaler", hub)
	}
	if obj, err := s.New(internal.WithKind("Scale")); err != nil || reflect.TypeOf(obj) != reflect.TypeOf(&autoscalingv1.Scale{}) {
		t.Errorf("internal Scale = %T, %v; want autoscalingv1.Scale", obj, err)
	}
	list := &autoscalingv2.HorizontalPodAutoscalerList{ListMeta: metav1.ListMeta{ResourceVersion: "7"}, Items: []autoscalingv2.HorizontalPodAutoscaler{*fullHPA()}}
	out, err := s.ConvertToVersion(list, autoscalingv1.SchemeGroupVersion)
	if err != nil {
		t.Fatal(err)
	}
	v1list, ok := out.(*autoscalingv1.HorizontalPodAutoscalerList)
	if !ok || v1list.ResourceVersion != "7" || len(v1list.Items) != 1 || *v1list.Items[0].Spec.TargetCPUUtilizationPercentage != 70 || v1list.APIVersion != "autoscaling/v1" {
		t.Errorf("converted list = %T %+v", out, out)
	}
	if got := s.PrioritizedVersionsForGroup(autoscalingv2.GroupName); len(got) != 2 || got[0] != autoscalingv2.SchemeGroupVersion {
		t.Errorf("version priority = %v, want v2 then v1", got)
	}
}
