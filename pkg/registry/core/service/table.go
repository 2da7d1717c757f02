// Package service implements the strategies, field selectors and table columns of the services resource.
package service

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var serviceColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Type", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["type"]},
	{Name: "Cluster-IP", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["clusterIP"]},
	{Name: "External-IP", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["externalIPs"]},
	{Name: "Port(s)", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["ports"]},
	tables.AgeColumn(),
	{Name: "Selector", Type: "string", Priority: 1, Description: corev1.ServiceSpec{}.SwaggerDoc()["selector"]},
}

// NewTableConvertor returns the `kubectl get services` table: NAME, TYPE,
// CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE and, for -o wide, SELECTOR.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(serviceColumns, printService)
}

func printService(svc *corev1.Service) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{
		svc.Name,
		string(svc.Spec.Type),
		tables.OrNone(serviceClusterIP(svc)),
		serviceExternalIP(svc),
		tables.OrNone(servicePorts(svc.Spec.Ports)),
		tables.Since(svc.CreationTimestamp),
		labels.FormatLabels(svc.Spec.Selector),
	}}, nil
}

// serviceClusterIP prints the primary cluster IP. Upstream always has
// clusterIPs populated from clusterIP by the time it prints, so a bare
// clusterIP is shown the same way.
func serviceClusterIP(svc *corev1.Service) string {
	if len(svc.Spec.ClusterIPs) > 0 {
		return svc.Spec.ClusterIPs[0]
	}
	return svc.Spec.ClusterIP
}

func serviceExternalIP(svc *corev1.Service) string {
	switch svc.Spec.Type {
	case corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort:
		return tables.OrNone(strings.Join(svc.Spec.ExternalIPs, ","))
	case corev1.ServiceTypeLoadBalancer:
		ips := loadBalancerIngress(svc.Status.LoadBalancer)
		if len(svc.Spec.ExternalIPs) > 0 {
			return strings.Join(append(ips, svc.Spec.ExternalIPs...), ",")
		}
		if len(ips) > 0 {
			return strings.Join(ips, ",")
		}
		return "<pending>"
	case corev1.ServiceTypeExternalName:
		return svc.Spec.ExternalName
	}
	return "<unknown>"
}

// loadBalancerIngress lists each ingress point's IP, or its hostname when it
// has no IP, sorted and without duplicates. Upstream clips this to 16
// characters only for the narrow output, which the server never produces.
func loadBalancerIngress(status corev1.LoadBalancerStatus) []string {
	points := sets.New[string]()
	for _, ing := range status.Ingress {
		if ing.IP != "" {
			points.Insert(ing.IP)
		} else if ing.Hostname != "" {
			points.Insert(ing.Hostname)
		}
	}
	return sets.List(points)
}

// servicePorts renders "port/protocol", or "port:nodePort/protocol" when a
// node port is allocated, for each port.
func servicePorts(ports []corev1.ServicePort) string {
	pieces := make([]string, len(ports))
	for i, p := range ports {
		if p.NodePort > 0 {
			pieces[i] = fmt.Sprintf("%d:%d/%s", p.Port, p.NodePort, p.Protocol)
		} else {
			pieces[i] = fmt.Sprintf("%d/%s", p.Port, p.Protocol)
		}
	}
	return strings.Join(pieces, ",")
}
