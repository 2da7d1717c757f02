package deployment

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// The counts are typed "string" as upstream types them, although the cells are integers.
var deploymentColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
	{Name: "Up-to-date", Type: "string", Description: appsv1.DeploymentStatus{}.SwaggerDoc()["updatedReplicas"]},
	{Name: "Available", Type: "string", Description: appsv1.DeploymentStatus{}.SwaggerDoc()["availableReplicas"]},
	tables.AgeColumn(),
	tables.ContainersColumn(),
	tables.ImagesColumn(),
	{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.DeploymentSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get deployments` table: NAME, READY, UP-TO-DATE,
// AVAILABLE, AGE and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(deploymentColumns, printDeployment)
}

func printDeployment(d *appsv1.Deployment) (metav1.TableRow, error) {
	names, images := tables.ContainerCells(d.Spec.Template.Spec.Containers)
	return metav1.TableRow{Cells: []interface{}{
		d.Name,
		fmt.Sprintf("%d/%d", d.Status.ReadyReplicas, ptr.Deref(d.Spec.Replicas, 0)),
		int64(d.Status.UpdatedReplicas),
		int64(d.Status.AvailableReplicas),
		tables.Since(d.CreationTimestamp),
		names,
		images,
		selectorCell(d.Spec.Selector),
	}}, nil
}

// selectorCell renders a deployment's selector as upstream's deployment printer does, which unlike
// the other workloads' prints nothing rather than <none> for a selector that selects nothing.
func selectorCell(selector *metav1.LabelSelector) string {
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return "<invalid>"
	}
	return s.String()
}
