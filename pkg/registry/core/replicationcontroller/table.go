// Package replicationcontroller implements the strategies, field selectors and table columns of the
// replicationcontrollers resource.
package replicationcontroller

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var replicationControllerColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Desired", Type: "integer", Description: corev1.ReplicationControllerSpec{}.SwaggerDoc()["replicas"]},
	{Name: "Current", Type: "integer", Description: corev1.ReplicationControllerStatus{}.SwaggerDoc()["replicas"]},
	{Name: "Ready", Type: "integer", Description: corev1.ReplicationControllerStatus{}.SwaggerDoc()["readyReplicas"]},
	tables.AgeColumn(),
	{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
	{Name: "Selector", Type: "string", Priority: 1, Description: corev1.ReplicationControllerSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get replicationcontrollers` table:
// NAME, DESIRED, CURRENT, READY, AGE and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(replicationControllerColumns, printReplicationController)
}

func printReplicationController(rc *corev1.ReplicationController) (metav1.TableRow, error) {
	// An unset replicas prints as 0, as it does after upstream's conversion
	// to its internal type.
	var desired int64
	if rc.Spec.Replicas != nil {
		desired = int64(*rc.Spec.Replicas)
	}
	var containers []corev1.Container
	if rc.Spec.Template != nil {
		containers = rc.Spec.Template.Spec.Containers
	}
	names, images := tables.ContainerCells(containers)
	return metav1.TableRow{Cells: []interface{}{
		rc.Name,
		desired,
		int64(rc.Status.Replicas),
		int64(rc.Status.ReadyReplicas),
		tables.Since(rc.CreationTimestamp),
		names,
		images,
		labels.FormatLabels(rc.Spec.Selector),
	}}, nil
}
