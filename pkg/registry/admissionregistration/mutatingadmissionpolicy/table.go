package mutatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Mutations", Type: "integer", Description: "Mutation indicates the number of mutations rules defined in this configuration"},
	{Name: "ParamKind", Type: "string", Description: "ParamKind specifies the kind of resources used to parameterize this policy"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get` table: NAME, MUTATIONS, PARAMKIND, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(p *admissionregistrationv1.MutatingAdmissionPolicy) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			p.Name, int64(len(p.Spec.Mutations)), tables.ParamKind(p.Spec.ParamKind), tables.Since(p.CreationTimestamp),
		}}, nil
	})
}
