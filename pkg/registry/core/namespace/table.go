package namespace

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var namespaceColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Status", Type: "string", Description: "The status of the namespace"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get namespaces` table: NAME, STATUS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(namespaceColumns, printNamespace)
}

func printNamespace(ns *corev1.Namespace) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{ns.Name, string(ns.Status.Phase), tables.Since(ns.CreationTimestamp)}}, nil
}
