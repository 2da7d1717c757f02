package mutatingadmissionpolicybinding

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "PolicyName", Type: "string", Description: "PolicyName indicates the policy definition which the policy binding binded to"},
	{Name: "ParamRef", Type: "string", Description: "ParamRef indicates the param resource which sets the configration param"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get` table: NAME, POLICYNAME, PARAMREF, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			b.Name, b.Spec.PolicyName, tables.ParamRef(b.Spec.ParamRef), tables.Since(b.CreationTimestamp),
		}}, nil
	})
}
