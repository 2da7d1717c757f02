package resourceclaimtemplate

import (
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get resourceclaimtemplates` table: NAME, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New([]metav1.TableColumnDefinition{tables.NameColumn(), tables.AgeColumn()}, func(t *resourcev1.ResourceClaimTemplate) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{t.Name, tables.Since(t.CreationTimestamp)}}, nil
	})
}
