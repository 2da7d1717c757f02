package daemonset

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var daemonSetColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Desired", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["desiredNumberScheduled"]},
	{Name: "Current", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["currentNumberScheduled"]},
	{Name: "Ready", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["numberReady"]},
	{Name: "Up-to-date", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["updatedNumberScheduled"]},
	{Name: "Available", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["numberAvailable"]},
	{Name: "Node Selector", Type: "string", Description: corev1.PodSpec{}.SwaggerDoc()["nodeSelector"]},
	tables.AgeColumn(),
	tables.ContainersColumn(),
	tables.ImagesColumn(),
	{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.DaemonSetSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get daemonsets` table: NAME, DESIRED, CURRENT, READY,
// UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(daemonSetColumns, printDaemonSet)
}

func printDaemonSet(ds *appsv1.DaemonSet) (metav1.TableRow, error) {
	names, images := tables.ContainerCells(ds.Spec.Template.Spec.Containers)
	return metav1.TableRow{Cells: []interface{}{
		ds.Name,
		int64(ds.Status.DesiredNumberScheduled),
		int64(ds.Status.CurrentNumberScheduled),
		int64(ds.Status.NumberReady),
		int64(ds.Status.UpdatedNumberScheduled),
		int64(ds.Status.NumberAvailable),
		labels.FormatLabels(ds.Spec.Template.Spec.NodeSelector),
		tables.Since(ds.CreationTimestamp),
		names,
		images,
		metav1.FormatLabelSelector(ds.Spec.Selector),
	}}, nil
}
