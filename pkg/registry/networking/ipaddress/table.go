package ipaddress

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "ParentRef", Type: "string", Description: networkingv1.IPAddressSpec{}.SwaggerDoc()["parentRef"]},
}

// NewTableConvertor returns the `kubectl get ipaddresses` table: NAME, PARENTREF. Each row also
// carries the age as a third cell with no column, exactly as kube-apiserver's rows do; kubectl prints
// only the cells that have a column.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(ip *networkingv1.IPAddress) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{ip.Name, parentRefCell(ip.Spec.ParentRef), tables.Since(ip.CreationTimestamp)}}, nil
	})
}

// parentRefCell renders a parent as <resource>[.<group>]/[<namespace>/]<name>, lower-cased.
func parentRefCell(ref *networkingv1.ParentReference) string {
	if ref == nil {
		return tables.None
	}
	cell := strings.ToLower(schema.GroupResource{Group: ref.Group, Resource: ref.Resource}.String())
	if ref.Namespace != "" {
		cell += "/" + ref.Namespace
	}
	return cell + "/" + ref.Name
}
