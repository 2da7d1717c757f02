// Package horizontalpodautoscaler implements the strategies and table columns of the
// horizontalpodautoscalers resource, on its autoscaling/v2 hub type.
package horizontalpodautoscaler

import (
	"fmt"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// targetsShown is how many metrics the TARGETS cell shows before it only counts the rest.
const targetsShown = 2

const unknown = "<unknown>"

var specDocs = autoscalingv2.HorizontalPodAutoscalerSpec{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Reference", Type: "string", Description: specDocs["scaleTargetRef"]},
	{Name: "Targets", Type: "string", Description: specDocs["metrics"]},
	{Name: "MinPods", Type: "string", Description: specDocs["minReplicas"]},
	{Name: "MaxPods", Type: "integer", Description: specDocs["maxReplicas"]},
	{Name: "Replicas", Type: "integer", Description: autoscalingv2.HorizontalPodAutoscalerStatus{}.SwaggerDoc()["currentReplicas"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get horizontalpodautoscalers` table: NAME, REFERENCE,
// TARGETS, MINPODS, MAXPODS, REPLICAS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, printHPA)
}

func printHPA(hpa *autoscalingv2.HorizontalPodAutoscaler) (metav1.TableRow, error) {
	minPods := "<unset>"
	if hpa.Spec.MinReplicas != nil {
		minPods = fmt.Sprint(*hpa.Spec.MinReplicas)
	}
	return metav1.TableRow{Cells: []interface{}{
		hpa.Name,
		hpa.Spec.ScaleTargetRef.Kind + "/" + hpa.Spec.ScaleTargetRef.Name,
		targets(hpa.Spec.Metrics, hpa.Status.CurrentMetrics),
		minPods,
		int64(hpa.Spec.MaxReplicas),
		int64(hpa.Status.CurrentReplicas),
		tables.Since(hpa.CreationTimestamp),
	}}, nil
}

// targets renders each metric as current/target, pairing a metric with the status at the same index
// as kube-apiserver does; "(avg)" marks per-pod targets of Object and External metrics, and
// Resource metrics are prefixed with the resource name.
func targets(specs []autoscalingv2.MetricSpec, statuses []autoscalingv2.MetricStatus) string {
	if len(specs) == 0 {
		return tables.None
	}
	list := make([]string, 0, len(specs))
	for i, spec := range specs {
		var status *autoscalingv2.MetricStatus
		if i < len(statuses) {
			status = &statuses[i]
		}
		list = append(list, target(spec, status))
	}
	if len(list) > targetsShown {
		return fmt.Sprintf("%s + %d more...", strings.Join(list[:targetsShown], ", "), len(list)-targetsShown)
	}
	return strings.Join(list, ", ")
}

func target(spec autoscalingv2.MetricSpec, status *autoscalingv2.MetricStatus) string {
	switch spec.Type {
	case autoscalingv2.ExternalMetricSourceType:
		var current *autoscalingv2.MetricValueStatus
		if status != nil && status.External != nil {
			current = &status.External.Current
		}
		return valueTarget(spec.External.Target, current)
	case autoscalingv2.ObjectMetricSourceType:
		var current *autoscalingv2.MetricValueStatus
		if status != nil && status.Object != nil {
			current = &status.Object.Current
		}
		return valueTarget(spec.Object.Target, current)
	case autoscalingv2.PodsMetricSourceType:
		current := unknown
		if status != nil && status.Pods != nil {
			current = status.Pods.Current.AverageValue.String()
		}
		return current + "/" + spec.Pods.Target.AverageValue.String()
	case autoscalingv2.ResourceMetricSourceType:
		var current *autoscalingv2.MetricValueStatus
		if status != nil && status.Resource != nil {
			current = &status.Resource.Current
		}
		return spec.Resource.Name.String() + ": " + resourceTarget(spec.Resource.Target, current)
	case autoscalingv2.ContainerResourceMetricSourceType:
		var current *autoscalingv2.MetricValueStatus
		if status != nil && status.ContainerResource != nil {
			current = &status.ContainerResource.Current
		}
		return spec.ContainerResource.Name.String() + ": " + resourceTarget(spec.ContainerResource.Target, current)
	}
	return "<unknown type>"
}

// valueTarget renders an Object or External metric: its per-pod average with "(avg)" if it has one,
// otherwise its value.
func valueTarget(target autoscalingv2.MetricTarget, current *autoscalingv2.MetricValueStatus) string {
	if target.AverageValue != nil {
		now := unknown
		if current != nil && current.AverageValue != nil {
			now = current.AverageValue.String()
		}
		return fmt.Sprintf("%s/%s (avg)", now, target.AverageValue.String())
	}
	now := unknown
	if current != nil {
		now = current.Value.String()
	}
	return now + "/" + target.Value.String()
}

// resourceTarget renders a Resource or ContainerResource metric: an average value, or a utilization
// in percent, "<auto>" when it names neither.
func resourceTarget(target autoscalingv2.MetricTarget, current *autoscalingv2.MetricValueStatus) string {
	if target.AverageValue != nil {
		now := unknown
		if current != nil {
			now = current.AverageValue.String()
		}
		return now + "/" + target.AverageValue.String()
	}
	now := unknown
	if current != nil && current.AverageUtilization != nil {
		now = fmt.Sprintf("%d%%", *current.AverageUtilization)
	}
	goal := "<auto>"
	if target.AverageUtilization != nil {
		goal = fmt.Sprintf("%d%%", *target.AverageUtilization)
	}
	return now + "/" + goal
}
