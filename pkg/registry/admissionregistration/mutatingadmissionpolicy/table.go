package mutatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get` table: NAME, MUTATIONS, PARAMKIND, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(tables.PolicyColumns("Mutations", "Mutation indicates the number of mutations rules defined in this configuration"), func(p *admissionregistrationv1.MutatingAdmissionPolicy) (metav1.TableRow, error) {
		return tables.PolicyRow(p.ObjectMeta, len(p.Spec.Mutations), p.Spec.ParamKind), nil
	})
}
