package runtimeclass

import (
	nodev1 "k8s.io/api/node/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// columns describe HANDLER with ObjectMeta's documentation of "handler", which does not exist, as
// upstream does: the description is empty.
var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Handler", Type: "string", Description: metav1.ObjectMeta{}.SwaggerDoc()["handler"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get runtimeclasses` table: NAME, HANDLER, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(rc *nodev1.RuntimeClass) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{rc.Name, rc.Handler, tables.Since(rc.CreationTimestamp)}}, nil
	})
}
