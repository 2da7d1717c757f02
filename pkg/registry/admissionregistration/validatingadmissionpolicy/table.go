package validatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get` table: NAME, VALIDATIONS, PARAMKIND, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(tables.PolicyColumns("Validations", "Validations indicates the number of validation rules defined in this configuration"), func(p *admissionregistrationv1.ValidatingAdmissionPolicy) (metav1.TableRow, error) {
		return tables.PolicyRow(p.ObjectMeta, len(p.Spec.Validations), p.Spec.ParamKind), nil
	})
}
