package resourceslice

import (
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var (
	specDocs = resourcev1.ResourceSliceSpec{}.SwaggerDoc()
	columns  = []metav1.TableColumnDefinition{
		tables.NameColumn(),
		{Name: "Node", Type: "string", Description: specDocs["nodeName"]},
		{Name: "Driver", Type: "string", Description: specDocs["driver"]},
		{Name: "Pool", Type: "string", Description: resourcev1.ResourcePool{}.SwaggerDoc()["name"]},
		tables.AgeColumn(),
	}
)

// NewTableConvertor returns the `kubectl get resourceslices` table: NAME, NODE, DRIVER, POOL, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(slice *resourcev1.ResourceSlice) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			slice.Name,
			ptr.Deref(slice.Spec.NodeName, ""),
			slice.Spec.Driver,
			slice.Spec.Pool.Name,
			tables.Since(slice.CreationTimestamp),
		}}, nil
	})
}
