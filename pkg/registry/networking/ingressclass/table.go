package ingressclass

import (
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Controller", Type: "string", Description: "Controller that is responsible for handling this class"},
	{Name: "Parameters", Type: "string", Description: "A reference to a resource with additional parameters"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get ingressclasses` table: NAME, CONTROLLER, PARAMETERS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(class *networkingv1.IngressClass) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			class.Name, class.Spec.Controller, parameters(class.Spec.Parameters), tables.Since(class.CreationTimestamp),
		}}, nil
	})
}

// parameters reads Kind.group/name, or Kind/name for the core group.
func parameters(ref *networkingv1.IngressClassParametersReference) string {
	if ref == nil {
		return tables.None
	}
	kind := ref.Kind
	if ref.APIGroup != nil {
		kind += "." + *ref.APIGroup
	}
	return kind + "/" + ref.Name
}
