package componentstatus

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Status", Type: "string", Description: "Status of the component conditions"},
	{Name: "Message", Type: "string", Description: "Message of the component conditions"},
	{Name: "Error", Type: "string", Description: "Error of the component conditions"},
}

// NewTableConvertor returns the `kubectl get componentstatuses` table: NAME, STATUS (Healthy,
// Unhealthy or Unknown), MESSAGE and ERROR of the Healthy condition.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(cs *corev1.ComponentStatus) (metav1.TableRow, error) {
		state, message, errText := "Unknown", "", ""
		for _, c := range cs.Conditions {
			if c.Type != corev1.ComponentHealthy {
				continue
			}
			state = "Unhealthy"
			if c.Status == corev1.ConditionTrue {
				state = "Healthy"
			}
			message, errText = c.Message, c.Error
			break
		}
		return metav1.TableRow{Cells: []interface{}{cs.Name, state, message, errText}}, nil
	})
}
