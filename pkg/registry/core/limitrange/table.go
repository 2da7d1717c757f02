package limitrange

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Created At", Type: "date", Description: metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"]},
}

// NewTableConvertor returns the `kubectl get limitranges` table: NAME and CREATED AT, the creation
// timestamp itself rather than an age.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(lr *corev1.LimitRange) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{lr.Name, lr.CreationTimestamp}}, nil
	})
}
