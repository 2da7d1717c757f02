package mutatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var docs = admissionregistrationv1.MutatingAdmissionPolicySpec{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Mutations", Type: "integer", Description: docs["mutations"]},
	{Name: "ParamKind", Type: "string", Description: docs["paramKind"]},
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
