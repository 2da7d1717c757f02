package flowschema

import (
	"cmp"
	"context"
	"slices"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var specDocs = flowcontrolv1.FlowSchemaSpec{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "PriorityLevel", Type: "string", Description: flowcontrolv1.PriorityLevelConfigurationReference{}.SwaggerDoc()["name"]},
	{Name: "MatchingPrecedence", Type: "string", Description: specDocs["matchingPrecedence"]},
	{Name: "DistinguisherMethod", Type: "string", Description: specDocs["distinguisherMethod"]},
	tables.AgeColumn(),
	{Name: "MissingPL", Type: "string", Description: "references a broken or non-existent PriorityLevelConfiguration"},
}

// NewTableConvertor returns the `kubectl get flowschemas` table: NAME, PRIORITYLEVEL,
// MATCHINGPRECEDENCE, DISTINGUISHERMETHOD, AGE, MISSINGPL. MISSINGPL is the status of the Dangling
// condition the priority-and-fairness controller sets, "?" until it has. Like upstream, a list is
// shown in the order requests are matched: by precedence, then name.
func NewTableConvertor() rest.TableConvertor {
	return matchOrder{tables.New(columns, func(fs *flowcontrolv1.FlowSchema) (metav1.TableRow, error) {
		method := tables.None
		if fs.Spec.DistinguisherMethod != nil {
			method = string(fs.Spec.DistinguisherMethod.Type)
		}
		missing := "?"
		for _, c := range fs.Status.Conditions {
			if c.Type == flowcontrolv1.FlowSchemaConditionDangling {
				missing = string(c.Status)
				break
			}
		}
		return metav1.TableRow{Cells: []interface{}{
			fs.Name, fs.Spec.PriorityLevelConfiguration.Name, int64(fs.Spec.MatchingPrecedence), method, tables.Since(fs.CreationTimestamp), missing,
		}}, nil
	})}
}

// matchOrder renders a FlowSchemaList sorted by matching precedence, then name.
type matchOrder struct {
	rest.TableConvertor
}

// ConvertToTable renders obj, a list in match order.
func (m matchOrder) ConvertToTable(ctx context.Context, obj runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	if list, ok := obj.(*flowcontrolv1.FlowSchemaList); ok {
		sorted := *list
		sorted.Items = slices.Clone(list.Items)
		slices.SortFunc(sorted.Items, func(a, b flowcontrolv1.FlowSchema) int {
			return cmp.Or(cmp.Compare(a.Spec.MatchingPrecedence, b.Spec.MatchingPrecedence), cmp.Compare(a.Name, b.Name))
		})
		obj = &sorted
	}
	return m.TableConvertor.ConvertToTable(ctx, obj, tableOptions)
}
