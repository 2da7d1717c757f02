package deviceclass

import (
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get deviceclasses` table: NAME, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New([]metav1.TableColumnDefinition{tables.NameColumn(), tables.AgeColumn()}, func(class *resourcev1.DeviceClass) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{class.Name, tables.Since(class.CreationTimestamp)}}, nil
	})
}
