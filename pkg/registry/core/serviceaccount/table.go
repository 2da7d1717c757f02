package serviceaccount

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var serviceAccountColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get serviceaccounts` table: NAME, AGE. kube-apiserver
// v1.37 no longer prints a SECRETS count, since service accounts no longer get token secrets.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(serviceAccountColumns, printServiceAccount)
}

func printServiceAccount(sa *corev1.ServiceAccount) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{sa.Name, tables.Since(sa.CreationTimestamp)}}, nil
}
