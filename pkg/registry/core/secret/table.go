package secret

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Type", Type: "string", Description: corev1.Secret{}.SwaggerDoc()["type"]},
	{Name: "Data", Type: "string", Description: corev1.Secret{}.SwaggerDoc()["data"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get secrets` table: NAME, TYPE, DATA, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(s *corev1.Secret) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{s.Name, string(s.Type), int64(len(s.Data)), tables.Since(s.CreationTimestamp)}}, nil
	})
}
