package podtemplate

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Containers", Type: "string", Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Description: "Images referenced by each container in the template."},
	{Name: "Pod Labels", Type: "string", Description: "The labels for the pod template."},
}

// NewTableConvertor returns the `kubectl get podtemplates` table: NAME, CONTAINERS, IMAGES,
// POD LABELS. Upstream prints no age for pod templates.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(t *corev1.PodTemplate) (metav1.TableRow, error) {
		names, images := tables.ContainerCells(t.Template.Spec.Containers)
		return metav1.TableRow{Cells: []interface{}{t.Name, names, images, labels.FormatLabels(t.Template.Labels)}}, nil
	})
}
