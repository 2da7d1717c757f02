package endpointslice

import (
	"strconv"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "AddressType", Type: "string", Description: discoveryv1.EndpointSlice{}.SwaggerDoc()["addressType"]},
	{Name: "Ports", Type: "string", Description: discoveryv1.EndpointSlice{}.SwaggerDoc()["ports"]},
	{Name: "Endpoints", Type: "string", Description: discoveryv1.EndpointSlice{}.SwaggerDoc()["endpoints"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get endpointslices` table: NAME, ADDRESSTYPE, PORTS,
// ENDPOINTS and AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(s *discoveryv1.EndpointSlice) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			s.Name, string(s.AddressType), formatPorts(s.Ports), formatEndpoints(s.Endpoints), tables.Since(s.CreationTimestamp),
		}}, nil
	})
}

// formatPorts lists the first three port numbers (the name, or *, for a port without a number).
func formatPorts(ports []discoveryv1.EndpointPort) string {
	var list []string
	for _, p := range ports {
		switch {
		case p.Port != nil:
			list = append(list, strconv.Itoa(int(*p.Port)))
		case p.Name != nil:
			list = append(list, *p.Name)
		default:
			list = append(list, "*")
		}
	}
	return tables.FirstFew(list, tables.Unset)
}

// formatEndpoints lists the first three addresses of all endpoints.
func formatEndpoints(endpoints []discoveryv1.Endpoint) string {
	var list []string
	for _, e := range endpoints {
		list = append(list, e.Addresses...)
	}
	return tables.FirstFew(list, tables.Unset)
}
