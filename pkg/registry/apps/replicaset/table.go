package replicaset

import (
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var replicaSetColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Desired", Type: "integer", Description: appsv1.ReplicaSetSpec{}.SwaggerDoc()["replicas"]},
	{Name: "Current", Type: "integer", Description: appsv1.ReplicaSetStatus{}.SwaggerDoc()["replicas"]},
	{Name: "Ready", Type: "integer", Description: appsv1.ReplicaSetStatus{}.SwaggerDoc()["readyReplicas"]},
	tables.AgeColumn(),
	tables.ContainersColumn(),
	tables.ImagesColumn(),
	{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.ReplicaSetSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get replicasets` table: NAME, DESIRED, CURRENT, READY, AGE
// and, for -o wide, CONTAINERS, IMAGES, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(replicaSetColumns, printReplicaSet)
}

func printReplicaSet(rs *appsv1.ReplicaSet) (metav1.TableRow, error) {
	names, images := tables.ContainerCells(rs.Spec.Template.Spec.Containers)
	return metav1.TableRow{Cells: []interface{}{
		rs.Name,
		int64(ptr.Deref(rs.Spec.Replicas, 0)),
		int64(rs.Status.Replicas),
		int64(rs.Status.ReadyReplicas),
		tables.Since(rs.CreationTimestamp),
		names,
		images,
		metav1.FormatLabelSelector(rs.Spec.Selector),
	}}, nil
}
