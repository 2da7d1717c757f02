package networkpolicy

import (
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Pod-Selector", Type: "string", Description: networkingv1.NetworkPolicySpec{}.SwaggerDoc()["podSelector"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get networkpolicies` table: NAME, POD-SELECTOR, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(np *networkingv1.NetworkPolicy) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			np.Name, metav1.FormatLabelSelector(&np.Spec.PodSelector), tables.Since(np.CreationTimestamp),
		}}, nil
	})
}
