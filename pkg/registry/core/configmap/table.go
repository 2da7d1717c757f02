package configmap

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Data", Type: "string", Description: corev1.ConfigMap{}.SwaggerDoc()["data"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get configmaps` table: NAME, DATA, AGE, where DATA counts
// the keys of data and binaryData together.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(cm *corev1.ConfigMap) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{cm.Name, int64(len(cm.Data) + len(cm.BinaryData)), tables.Since(cm.CreationTimestamp)}}, nil
	})
}
