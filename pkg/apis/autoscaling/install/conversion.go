package install

import (
	"encoding/json"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"

	autoscalingv2defaults "github.com/kapi-dev/kapi/pkg/apis/autoscaling/v2"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// The annotations in which an autoscaling/v1 autoscaler carries what only autoscaling/v2 can express,
// named as kube-apiserver names them so that either server reads what the other wrote.
const (
	// MetricsAnnotation holds the metrics other than a CPU utilization target, as autoscaling/v1
	// MetricSpecs.
	MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics"
	// CurrentMetricsAnnotation holds status.currentMetrics as autoscaling/v1 MetricStatuses.
	CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics"
	// ConditionsAnnotation holds status.conditions.
	ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions"
	// BehaviorAnnotation holds spec.behavior, in the untagged field names of kube-apiserver's
	// internal type.
	BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior"
	// scaleUpToleranceAnnotation and scaleDownToleranceAnnotation hold the tolerances for
	// autoscaling/v2beta2, which kapi does not serve; they are dropped like the others.
	scaleUpToleranceAnnotation   = "autoscaling.alpha.kubernetes.io/scale-up-tolerance"
	scaleDownToleranceAnnotation = "autoscaling.alpha.kubernetes.io/scale-down-tolerance"
)

var roundTripAnnotations = []string{
	MetricsAnnotation, CurrentMetricsAnnotation, ConditionsAnnotation, BehaviorAnnotation,
	scaleUpToleranceAnnotation, scaleDownToleranceAnnotation,
}

func addConversionFuncs(s *runtime.Scheme) error {
	if err := s.AddConversionFunc((*autoscalingv1.HorizontalPodAutoscaler)(nil), (*autoscalingv2.HorizontalPodAutoscaler)(nil), func(a, b interface{}, _ conversion.Scope) error {
		ToHub(a.(*autoscalingv1.HorizontalPodAutoscaler), b.(*autoscalingv2.HorizontalPodAutoscaler))
		return nil
	}); err != nil {
		return err
	}
	if err := s.AddConversionFunc((*autoscalingv2.HorizontalPodAutoscaler)(nil), (*autoscalingv1.HorizontalPodAutoscaler)(nil), func(a, b interface{}, _ conversion.Scope) error {
		return FromHub(a.(*autoscalingv2.HorizontalPodAutoscaler), b.(*autoscalingv1.HorizontalPodAutoscaler))
	}); err != nil {
		return err
	}
	if err := s.AddConversionFunc((*autoscalingv1.HorizontalPodAutoscalerList)(nil), (*autoscalingv2.HorizontalPodAutoscalerList)(nil), func(a, b interface{}, _ conversion.Scope) error {
		in, out := a.(*autoscalingv1.HorizontalPodAutoscalerList), b.(*autoscalingv2.HorizontalPodAutoscalerList)
		out.ListMeta = in.ListMeta
		out.Items = nil
		if in.Items != nil {
			out.Items = make([]autoscalingv2.HorizontalPodAutoscaler, len(in.Items))
			for i := range in.Items {
				ToHub(&in.Items[i], &out.Items[i])
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return s.AddConversionFunc((*autoscalingv2.HorizontalPodAutoscalerList)(nil), (*autoscalingv1.HorizontalPodAutoscalerList)(nil), func(a, b interface{}, _ conversion.Scope) error {
		in, out := a.(*autoscalingv2.HorizontalPodAutoscalerList), b.(*autoscalingv1.HorizontalPodAutoscalerList)
		out.ListMeta = in.ListMeta
		out.Items = nil
		if in.Items != nil {
			out.Items = make([]autoscalingv1.HorizontalPodAutoscaler, len(in.Items))
			for i := range in.Items {
				if err := FromHub(&in.Items[i], &out.Items[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ToHub converts an autoscaling/v1 autoscaler to autoscaling/v2. targetCPUUtilizationPercentage
// becomes a CPU Resource metric after the metrics of the metrics annotation, and an autoscaler with
// no metric at all gets the 80% CPU target that v1 always implied. The round-trip annotations are
// read, and never kept: a malformed one is ignored as if it were absent.
func ToHub(in *autoscalingv1.HorizontalPodAutoscaler, out *autoscalingv2.HorizontalPodAutoscaler) {
	*out = autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: *in.ObjectMeta.DeepCopy(),
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference(in.Spec.ScaleTargetRef),
			MinReplicas:    copyInt32(in.Spec.MinReplicas),
			MaxReplicas:    in.Spec.MaxReplicas,
		},
		Status: autoscalingv2.HorizontalPodAutoscalerStatus{
			ObservedGeneration: copyInt64(in.Status.ObservedGeneration),
			LastScaleTime:      in.Status.LastScaleTime.DeepCopy(),
			CurrentReplicas:    in.Status.CurrentReplicas,
			DesiredReplicas:    in.Status.DesiredReplicas,
		},
	}
	annotations := in.Annotations

	var metrics []autoscalingv1.MetricSpec
	if decodeAnnotation(annotations, MetricsAnnotation, &metrics) {
		for i := range metrics {
			out.Spec.Metrics = append(out.Spec.Metrics, metricSpecToHub(&metrics[i]))
		}
	}
	if in.Spec.TargetCPUUtilizationPercentage != nil {
		out.Spec.Metrics = append(out.Spec.Metrics, autoscalingv2defaults.CPUUtilizationMetric(*in.Spec.TargetCPUUtilizationPercentage))
	}
	if len(out.Spec.Metrics) == 0 {
		out.Spec.Metrics = []autoscalingv2.MetricSpec{autoscalingv2defaults.CPUUtilizationMetric(autoscalingv2defaults.DefaultCPUUtilization)}
	}

	var behavior untaggedBehavior
	if decodeAnnotation(annotations, BehaviorAnnotation, &behavior) && (behavior.ScaleUp != nil || behavior.ScaleDown != nil) {
		out.Spec.Behavior = behavior.toHub()
	}

	if in.Status.CurrentCPUUtilizationPercentage != nil {
		utilization := *in.Status.CurrentCPUUtilizationPercentage
		out.Status.CurrentMetrics = []autoscalingv2.MetricStatus{{
			Type: autoscalingv2.ResourceMetricSourceType,
			Resource: &autoscalingv2.ResourceMetricStatus{
				Name:    corev1.ResourceCPU,
				Current: autoscalingv2.MetricValueStatus{AverageUtilization: &utilization},
			},
		}}
	}
	var statuses []autoscalingv1.MetricStatus
	if decodeAnnotation(annotations, CurrentMetricsAnnotation, &statuses) {
		// The annotation has the raw values the single CPU percentage lacks.
		out.Status.CurrentMetrics = make([]autoscalingv2.MetricStatus, len(statuses))
		for i := range statuses {
			out.Status.CurrentMetrics[i] = metricStatusToHub(&statuses[i])
		}
	}

	var conditions []autoscalingv1.HorizontalPodAutoscalerCondition
	if decodeAnnotation(annotations, ConditionsAnnotation, &conditions) {
		out.Status.Conditions = make([]autoscalingv2.HorizontalPodAutoscalerCondition, len(conditions))
		for i, c := range conditions {
			out.Status.Conditions[i] = autoscalingv2.HorizontalPodAutoscalerCondition{
				Type:               autoscalingv2.HorizontalPodAutoscalerConditionType(c.Type),
				Status:             c.Status,
				LastTransitionTime: c.LastTransitionTime,
				Reason:             c.Reason,
				Message:            c.Message,
			}
		}
	}
	out.Annotations = scheme.WithoutAnnotations(out.Annotations, roundTripAnnotations...)
}

// FromHub converts an autoscaling/v2 autoscaler to autoscaling/v1: the first CPU Resource metric's
// utilization becomes targetCPUUtilizationPercentage, and the other metrics, the current metrics,
// the behavior and the conditions go to annotations.
func FromHub(in *autoscalingv2.HorizontalPodAutoscaler, out *autoscalingv1.HorizontalPodAutoscaler) error {
	*out = autoscalingv1.HorizontalPodAutoscaler{
		ObjectMeta: *in.ObjectMeta.DeepCopy(),
		Spec: autoscalingv1.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv1.CrossVersionObjectReference(in.Spec.ScaleTargetRef),
			MinReplicas:    copyInt32(in.Spec.MinReplicas),
			MaxReplicas:    in.Spec.MaxReplicas,
		},
		Status: autoscalingv1.HorizontalPodAutoscalerStatus{
			ObservedGeneration: copyInt64(in.Status.ObservedGeneration),
			LastScaleTime:      in.Status.LastScaleTime.DeepCopy(),
			CurrentReplicas:    in.Status.CurrentReplicas,
			DesiredReplicas:    in.Status.DesiredReplicas,
		},
	}
	out.Annotations = scheme.WithoutAnnotations(out.Annotations, roundTripAnnotations...)

	// Like kube-apiserver, only the first CPU metric counts, even when it targets an average value.
	for _, m := range in.Spec.Metrics {
		if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU {
			out.Spec.TargetCPUUtilizationPercentage = copyInt32(m.Resource.Target.AverageUtilization)
			break
		}
	}
	var others []autoscalingv1.MetricSpec
	for i := range in.Spec.Metrics {
		m := &in.Spec.Metrics[i]
		if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU && m.Resource.Target.AverageUtilization != nil {
			continue
		}
		others = append(others, metricSpecFromHub(m))
	}

	// Like kube-apiserver, the last CPU utilization reported is the one v1 shows.
	var statuses []autoscalingv1.MetricStatus
	for i := range in.Status.CurrentMetrics {
		m := &in.Status.CurrentMetrics[i]
		if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU && m.Resource.Current.AverageUtilization != nil {
			out.Status.CurrentCPUUtilizationPercentage = copyInt32(m.Resource.Current.AverageUtilization)
		}
		statuses = append(statuses, metricStatusFromHub(m))
	}

	var conditions []autoscalingv1.HorizontalPodAutoscalerCondition
	for _, c := range in.Status.Conditions {
		conditions = append(conditions, autoscalingv1.HorizontalPodAutoscalerCondition{
			Type:               autoscalingv1.HorizontalPodAutoscalerConditionType(c.Type),
			Status:             c.Status,
			LastTransitionTime: c.LastTransitionTime,
			Reason:             c.Reason,
			Message:            c.Message,
		})
	}

	annotate := func(key string, value interface{}) error {
		data, err := json.Marshal(value)
		if err != nil {
			return err
		}
		if out.Annotations == nil {
			out.Annotations = map[string]string{}
		}
		out.Annotations[key] = string(data)
		return nil
	}
	if len(others) > 0 {
		if err := annotate(MetricsAnnotation, others); err != nil {
			return err
		}
	}
	if len(statuses) > 0 {
		if err := annotate(CurrentMetricsAnnotation, statuses); err != nil {
			return err
		}
	}
	if in.Spec.Behavior != nil {
		if err := annotate(BehaviorAnnotation, behaviorFromHub(in.Spec.Behavior)); err != nil {
			return err
		}
	}
	if len(conditions) > 0 {
		return annotate(ConditionsAnnotation, conditions)
	}
	return nil
}

// decodeAnnotation reads the JSON of annotation key into into, and says whether there was one that
// decoded.
func decodeAnnotation(annotations map[string]string, key string, into interface{}) bool {
	data, ok := annotations[key]
	return ok && json.Unmarshal([]byte(data), into) == nil
}

func metricSpecFromHub(in *autoscalingv2.MetricSpec) autoscalingv1.MetricSpec {
	out := autoscalingv1.MetricSpec{Type: autoscalingv1.MetricSourceType(in.Type)}
	if src := in.Object; src != nil {
		out.Object = &autoscalingv1.ObjectMetricSource{
			Target:       autoscalingv1.CrossVersionObjectReference(src.DescribedObject),
			MetricName:   src.Metric.Name,
			TargetValue:  quantityOrZero(src.Target.Value),
			Selector:     src.Metric.Selector.DeepCopy(),
			AverageValue: copyQuantity(src.Target.AverageValue),
		}
	}
	if src := in.Pods; src != nil {
		out.Pods = &autoscalingv1.PodsMetricSource{
			MetricName:         src.Metric.Name,
			TargetAverageValue: quantityOrZero(src.Target.AverageValue),
			Selector:           src.Metric.Selector.DeepCopy(),
		}
	}
	if src := in.Resource; src != nil {
		out.Resource = &autoscalingv1.ResourceMetricSource{
			Name:                     src.Name,
			TargetAverageUtilization: copyInt32(src.Target.AverageUtilization),
			TargetAverageValue:       copyQuantity(src.Target.AverageValue),
		}
	}
	if src := in.ContainerResource; src != nil {
		out.ContainerResource = &autoscalingv1.ContainerResourceMetricSource{
			Name:                     src.Name,
			TargetAverageUtilization: copyInt32(src.Target.AverageUtilization),
			TargetAverageValue:       copyQuantity(src.Target.AverageValue),
			Container:                src.Container,
		}
	}
	if src := in.External; src != nil {
		out.External = &autoscalingv1.ExternalMetricSource{
			MetricName:         src.Metric.Name,
			MetricSelector:     src.Metric.Selector.DeepCopy(),
			TargetValue:        copyQuantity(src.Target.Value),
			TargetAverageValue: copyQuantity(src.Target.AverageValue),
		}
	}
	return out
}

func metricSpecToHub(in *autoscalingv1.MetricSpec) autoscalingv2.MetricSpec {
	out := autoscalingv2.MetricSpec{Type: autoscalingv2.MetricSourceType(in.Type)}
	if src := in.Object; src != nil {
		targetType := autoscalingv2.ValueMetricType
		if src.AverageValue != nil {
			targetType = autoscalingv2.AverageValueMetricType
		}
		value := src.TargetValue.DeepCopy()
		out.Object = &autoscalingv2.ObjectMetricSource{
			DescribedObject: autoscalingv2.CrossVersionObjectReference(src.Target),
			Metric:          autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.Selector.DeepCopy()},
			Target:          autoscalingv2.MetricTarget{Type: targetType, Value: &value, AverageValue: copyQuantity(src.AverageValue)},
		}
	}
	if src := in.Pods; src != nil {
		average := src.TargetAverageValue.DeepCopy()
		out.Pods = &autoscalingv2.PodsMetricSource{
			Metric: autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.Selector.DeepCopy()},
			Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: &average},
		}
	}
	if src := in.Resource; src != nil {
		out.Resource = &autoscalingv2.ResourceMetricSource{
			Name:   src.Name,
			Target: resourceTargetToHub(src.TargetAverageUtilization, src.TargetAverageValue),
		}
	}
	if src := in.ContainerResource; src != nil {
		out.ContainerResource = &autoscalingv2.ContainerResourceMetricSource{
			Name:      src.Name,
			Container: src.Container,
			Target:    resourceTargetToHub(src.TargetAverageUtilization, src.TargetAverageValue),
		}
	}
	if src := in.External; src != nil {
		targetType := autoscalingv2.AverageValueMetricType
		if src.TargetValue != nil {
			targetType = autoscalingv2.ValueMetricType
		}
		out.External = &autoscalingv2.ExternalMetricSource{
			Metric: autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.MetricSelector.DeepCopy()},
			Target: autoscalingv2.MetricTarget{Type: targetType, Value: copyQuantity(src.TargetValue), AverageValue: copyQuantity(src.TargetAverageValue)},
		}
	}
	return out
}

// resourceTargetToHub is the target of a v1 Resource or ContainerResource metric: a utilization if
// it names one, an average value otherwise.
func resourceTargetToHub(utilization *int32, average *resource.Quantity) autoscalingv2.MetricTarget {
	targetType := autoscalingv2.AverageValueMetricType
	if utilization != nil {
		targetType = autoscalingv2.UtilizationMetricType
	}
	return autoscalingv2.MetricTarget{Type: targetType, AverageUtilization: copyInt32(utilization), AverageValue: copyQuantity(average)}
}

func metricStatusFromHub(in *autoscalingv2.MetricStatus) autoscalingv1.MetricStatus {
	out := autoscalingv1.MetricStatus{Type: autoscalingv1.MetricSourceType(in.Type)}
	if src := in.Object; src != nil {
		out.Object = &autoscalingv1.ObjectMetricStatus{
			Target:       autoscalingv1.CrossVersionObjectReference(src.DescribedObject),
			MetricName:   src.Metric.Name,
			CurrentValue: quantityOrZero(src.Current.Value),
			Selector:     src.Metric.Selector.DeepCopy(),
			AverageValue: copyQuantity(src.Current.AverageValue),
		}
	}
	if src := in.Pods; src != nil {
		out.Pods = &autoscalingv1.PodsMetricStatus{
			MetricName:          src.Metric.Name,
			CurrentAverageValue: quantityOrZero(src.Current.AverageValue),
			Selector:            src.Metric.Selector.DeepCopy(),
		}
	}
	if src := in.Resource; src != nil {
		out.Resource = &autoscalingv1.ResourceMetricStatus{
			Name:                      src.Name,
			CurrentAverageUtilization: copyInt32(src.Current.AverageUtilization),
			CurrentAverageValue:       quantityOrZero(src.Current.AverageValue),
		}
	}
	if src := in.ContainerResource; src != nil {
		out.ContainerResource = &autoscalingv1.ContainerResourceMetricStatus{
			Name:                      src.Name,
			CurrentAverageUtilization: copyInt32(src.Current.AverageUtilization),
			CurrentAverageValue:       quantityOrZero(src.Current.AverageValue),
			Container:                 src.Container,
		}
	}
	if src := in.External; src != nil {
		out.External = &autoscalingv1.ExternalMetricStatus{
			MetricName:          src.Metric.Name,
			MetricSelector:      src.Metric.Selector.DeepCopy(),
			CurrentValue:        quantityOrZero(src.Current.Value),
			CurrentAverageValue: copyQuantity(src.Current.AverageValue),
		}
	}
	return out
}

func metricStatusToHub(in *autoscalingv1.MetricStatus) autoscalingv2.MetricStatus {
	out := autoscalingv2.MetricStatus{Type: autoscalingv2.MetricSourceType(in.Type)}
	if src := in.Object; src != nil {
		value := src.CurrentValue.DeepCopy()
		out.Object = &autoscalingv2.ObjectMetricStatus{
			DescribedObject: autoscalingv2.CrossVersionObjectReference(src.Target),
			Metric:          autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.Selector.DeepCopy()},
			Current:         autoscalingv2.MetricValueStatus{Value: &value, AverageValue: copyQuantity(src.AverageValue)},
		}
	}
	if src := in.Pods; src != nil {
		average := src.CurrentAverageValue.DeepCopy()
		out.Pods = &autoscalingv2.PodsMetricStatus{
			Metric:  autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.Selector.DeepCopy()},
			Current: autoscalingv2.MetricValueStatus{AverageValue: &average},
		}
	}
	if src := in.Resource; src != nil {
		average := src.CurrentAverageValue.DeepCopy()
		out.Resource = &autoscalingv2.ResourceMetricStatus{
			Name:    src.Name,
			Current: autoscalingv2.MetricValueStatus{AverageValue: &average, AverageUtilization: copyInt32(src.CurrentAverageUtilization)},
		}
	}
	if src := in.ContainerResource; src != nil {
		average := src.CurrentAverageValue.DeepCopy()
		out.ContainerResource = &autoscalingv2.ContainerResourceMetricStatus{
			Name:      src.Name,
			Container: src.Container,
			Current:   autoscalingv2.MetricValueStatus{AverageValue: &average, AverageUtilization: copyInt32(src.CurrentAverageUtilization)},
		}
	}
	if src := in.External; src != nil {
		value := src.CurrentValue.DeepCopy()
		out.External = &autoscalingv2.ExternalMetricStatus{
			Metric:  autoscalingv2.MetricIdentifier{Name: src.MetricName, Selector: src.MetricSelector.DeepCopy()},
			Current: autoscalingv2.MetricValueStatus{Value: &value, AverageValue: copyQuantity(src.CurrentAverageValue)},
		}
	}
	return out
}

// untaggedBehavior is the shape kube-apiserver writes into the behavior annotation: its internal
// HorizontalPodAutoscalerBehavior, marshalled without JSON tags, so with Go's field names.
type untaggedBehavior struct {
	ScaleUp   *untaggedRules
	ScaleDown *untaggedRules
}

type untaggedRules struct {
	StabilizationWindowSeconds *int32
	SelectPolicy               *autoscalingv2.ScalingPolicySelect
	Policies                   []untaggedPolicy
	Tolerance                  *resource.Quantity
}

type untaggedPolicy struct {
	Type          autoscalingv2.HPAScalingPolicyType
	Value         int32
	PeriodSeconds int32
}

func behaviorFromHub(in *autoscalingv2.HorizontalPodAutoscalerBehavior) untaggedBehavior {
	return untaggedBehavior{ScaleUp: rulesFromHub(in.ScaleUp), ScaleDown: rulesFromHub(in.ScaleDown)}
}

func rulesFromHub(in *autoscalingv2.HPAScalingRules) *untaggedRules {
	if in == nil {
		return nil
	}
	out := &untaggedRules{StabilizationWindowSeconds: in.StabilizationWindowSeconds, SelectPolicy: in.SelectPolicy, Tolerance: in.Tolerance}
	if in.Policies != nil {
		out.Policies = make([]untaggedPolicy, len(in.Policies))
		for i, p := range in.Policies {
			out.Policies[i] = untaggedPolicy(p)
		}
	}
	return out
}

func (b untaggedBehavior) toHub() *autoscalingv2.HorizontalPodAutoscalerBehavior {
	return &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: b.ScaleUp.toHub(), ScaleDown: b.ScaleDown.toHub()}
}

func (r *untaggedRules) toHub() *autoscalingv2.HPAScalingRules {
	if r == nil {
		return nil
	}
	out := &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: r.StabilizationWindowSeconds, SelectPolicy: r.SelectPolicy, Tolerance: r.Tolerance}
	if r.Policies != nil {
		out.Policies = make([]autoscalingv2.HPAScalingPolicy, len(r.Policies))
		for i, p := range r.Policies {
			out.Policies[i] = autoscalingv2.HPAScalingPolicy(p)
		}
	}
	return out
}

func copyInt32(p *int32) *int32 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyInt64(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyQuantity(q *resource.Quantity) *resource.Quantity {
	if q == nil {
		return nil
	}
	c := q.DeepCopy()
	return &c
}

// quantityOrZero is the value of an optional v2 quantity for a required v1 one.
func quantityOrZero(q *resource.Quantity) resource.Quantity {
	if q == nil {
		return resource.Quantity{}
	}
	return q.DeepCopy()
}
