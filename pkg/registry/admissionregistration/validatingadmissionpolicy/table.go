package validatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Validations", Type: "integer", Description: "Validations indicates the number of validation rules defined in this configuration"},
	{Name: "ParamKind", Type: "string", Description: "ParamKind specifies the kind of resources used to parameterize this policy"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get` table: NAME, VALIDATIONS, PARAMKIND, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(p *admissionregistrationv1.ValidatingAdmissionPolicy) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			p.Name, int64(len(p.Spec.Validations)), tables.ParamKind(p.Spec.ParamKind), tables.Since(p.CreationTimestamp),
		}}, nil
	})
}
