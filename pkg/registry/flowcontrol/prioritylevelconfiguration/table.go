package prioritylevelconfiguration

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var queuingDocs = flowcontrolv1.QueuingConfiguration{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Type", Type: "string", Description: flowcontrolv1.PriorityLevelConfigurationSpec{}.SwaggerDoc()["type"]},
	{Name: "NominalConcurrencyShares", Type: "string", Description: flowcontrolv1.LimitedPriorityLevelConfiguration{}.SwaggerDoc()["nominalConcurrencyShares"]},
	{Name: "Queues", Type: "string", Description: queuingDocs["queues"]},
	{Name: "HandSize", Type: "string", Description: queuingDocs["handSize"]},
	{Name: "QueueLengthLimit", Type: "string", Description: queuingDocs["queueLengthLimit"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get prioritylevelconfigurations` table: NAME, TYPE,
// NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE, QUEUELENGTHLIMIT, AGE. Like upstream, the limits are
// those of a limited level; an exempt level, or one that rejects rather than queues, shows <none>.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(pl *flowcontrolv1.PriorityLevelConfiguration) (metav1.TableRow, error) {
		var shares, queues, handSize, queueLengthLimit interface{} = tables.None, tables.None, tables.None, tables.None
		if limited := pl.Spec.Limited; limited != nil {
			if limited.NominalConcurrencyShares != nil {
				shares = *limited.NominalConcurrencyShares
			}
			if q := limited.LimitResponse.Queuing; q != nil {
				queues, handSize, queueLengthLimit = q.Queues, q.HandSize, q.QueueLengthLimit
			}
		}
		return metav1.TableRow{Cells: []interface{}{
			pl.Name, string(pl.Spec.Type), shares, queues, handSize, queueLengthLimit, tables.Since(pl.CreationTimestamp),
		}}, nil
	})
}
