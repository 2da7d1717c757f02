package statefulset

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var statefulSetColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
	tables.AgeColumn(),
	tables.ContainersColumn(),
	tables.ImagesColumn(),
}

// NewTableConvertor returns the `kubectl get statefulsets` table: NAME, READY, AGE and, for
// -o wide, CONTAINERS, IMAGES.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(statefulSetColumns, printStatefulSet)
}

func printStatefulSet(sts *appsv1.StatefulSet) (metav1.TableRow, error) {
	names, images := tables.ContainerCells(sts.Spec.Template.Spec.Containers)
	return metav1.TableRow{Cells: []interface{}{
		sts.Name,
		fmt.Sprintf("%d/%d", sts.Status.ReadyReplicas, ptr.Deref(sts.Spec.Replicas, 0)),
		tables.Since(sts.CreationTimestamp),
		names,
		images,
	}}, nil
}
