package lease

import (
	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Holder", Type: "string", Description: coordinationv1.LeaseSpec{}.SwaggerDoc()["holderIdentity"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get leases` table: NAME, HOLDER, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(l *coordinationv1.Lease) (metav1.TableRow, error) {
		holder := ""
		if l.Spec.HolderIdentity != nil {
			holder = *l.Spec.HolderIdentity
		}
		return metav1.TableRow{Cells: []interface{}{l.Name, holder, tables.Since(l.CreationTimestamp)}}, nil
	})
}
