package csinode

import (
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Drivers", Type: "integer", Description: "Drivers indicates the number of CSI drivers registered on the node"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get csinodes` table: NAME, DRIVERS (how many are
// registered), AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(n *storagev1.CSINode) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{n.Name, int64(len(n.Spec.Drivers)), tables.Since(n.CreationTimestamp)}}, nil
	})
}
