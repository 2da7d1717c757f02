package storageversionmigration

import (
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// columns have no AGE, and a NAME without the "name" format, as upstream's.
var columns = []metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Description: tables.NameColumn().Description},
	{Name: "Resource", Type: "string", Description: "Fully qualified resource to migrate"},
}

// NewTableConvertor returns the `kubectl get storageversionmigrations` table: NAME, RESOURCE, the
// resource as resource.group.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(svm *storagemigrationv1.StorageVersionMigration) (metav1.TableRow, error) {
		resource := schema.GroupResource{Group: svm.Spec.Resource.Group, Resource: svm.Spec.Resource.Resource}
		return metav1.TableRow{Cells: []interface{}{svm.Name, resource.String()}}, nil
	})
}
