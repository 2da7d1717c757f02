package mutatingadmissionpolicybinding

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get` table: NAME, POLICYNAME, PARAMREF, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(tables.BindingColumns(), func(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) (metav1.TableRow, error) {
		return tables.BindingRow(b.ObjectMeta, b.Spec.PolicyName, b.Spec.ParamRef), nil
	})
}
