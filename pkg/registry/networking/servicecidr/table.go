package servicecidr

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "CIDRs", Type: "string", Description: networkingv1.ServiceCIDRSpec{}.SwaggerDoc()["cidrs"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get servicecidrs` table: NAME, CIDRS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(c *networkingv1.ServiceCIDR) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{c.Name, strings.Join(c.Spec.CIDRs, ","), tables.Since(c.CreationTimestamp)}}, nil
	})
}
