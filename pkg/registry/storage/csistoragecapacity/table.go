package csistoragecapacity

import (
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var docs = storagev1.CSIStorageCapacity{}.SwaggerDoc()

// columns are kube-apiserver's, which has no AGE column for this resource.
var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "StorageClassName", Type: "string", Description: docs["storageClassName"]},
	{Name: "Capacity", Type: "string", Description: docs["capacity"]},
}

// NewTableConvertor returns the `kubectl get csistoragecapacities` table: NAME, STORAGECLASSNAME,
// CAPACITY.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(c *storagev1.CSIStorageCapacity) (metav1.TableRow, error) {
		capacity := tables.Unset
		if c.Capacity != nil {
			capacity = c.Capacity.String()
		}
		return metav1.TableRow{Cells: []interface{}{c.Name, c.StorageClassName, capacity}}, nil
	})
}
