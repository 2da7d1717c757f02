package serviceaccount

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var serviceAccountColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Secrets", Type: "string", Description: corev1.ServiceAccount{}.SwaggerDoc()["secrets"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get serviceaccounts` table: NAME, SECRETS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(serviceAccountColumns, printServiceAccount)
}

// printServiceAccount counts the secrets; like kube-apiserver the cell is a number although the
// column says string.
func printServiceAccount(sa *corev1.ServiceAccount) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{sa.Name, int64(len(sa.Secrets)), tables.Since(sa.CreationTimestamp)}}, nil
}
