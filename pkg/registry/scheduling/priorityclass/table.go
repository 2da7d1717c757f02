package priorityclass

import (
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var docs = schedulingv1.PriorityClass{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Value", Type: "integer", Description: docs["value"]},
	{Name: "Global-Default", Type: "boolean", Description: docs["globalDefault"]},
	tables.AgeColumn(),
	{Name: "PreemptionPolicy", Type: "string", Description: docs["preemptionPolicy"]},
}

// NewTableConvertor returns the `kubectl get priorityclasses` table: NAME, VALUE, GLOBAL-DEFAULT,
// AGE, PREEMPTIONPOLICY.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(pc *schedulingv1.PriorityClass) (metav1.TableRow, error) {
		policy := ""
		if pc.PreemptionPolicy != nil {
			policy = string(*pc.PreemptionPolicy)
		}
		return metav1.TableRow{Cells: []interface{}{
			pc.Name, int64(pc.Value), pc.GlobalDefault, tables.Since(pc.CreationTimestamp), policy,
		}}, nil
	})
}
