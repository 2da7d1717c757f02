package endpoint

import (
	"net"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var endpointsColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Endpoints", Type: "string", Description: corev1.Endpoints{}.SwaggerDoc()["subsets"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get endpoints` table: NAME, ENDPOINTS and AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(endpointsColumns, func(e *corev1.Endpoints) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{e.Name, formatEndpoints(e), tables.Since(e.CreationTimestamp)}}, nil
	})
}

// formatEndpoints lists the first three ready "ip:port" pairs (bare IPs for subsets without ports)
// and how many more there are. Endpoints without subsets show <none>; subsets without ready addresses
// show nothing.
func formatEndpoints(e *corev1.Endpoints) string {
	if len(e.Subsets) == 0 {
		return "<none>"
	}
	var list []string
	for _, ss := range e.Subsets {
		if len(ss.Ports) == 0 {
			for _, addr := range ss.Addresses {
				list = append(list, addr.IP)
			}
			continue
		}
		for _, port := range ss.Ports {
			for _, addr := range ss.Addresses {
				list = append(list, net.JoinHostPort(addr.IP, strconv.Itoa(int(port.Port))))
			}
		}
	}
	return tables.FirstFew(list, "")
}
