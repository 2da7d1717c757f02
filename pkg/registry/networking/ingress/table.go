package ingress

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// maxHosts is how many rule hosts the HOSTS column names before counting the rest.
const maxHosts = 3

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Class", Type: "string", Description: "The name of the IngressClass resource that should be used for additional configuration"},
	{Name: "Hosts", Type: "string", Description: "Hosts that incoming requests are matched against before the ingress rule"},
	{Name: "Address", Type: "string", Description: "Address is a list containing ingress points for the load-balancer"},
	{Name: "Ports", Type: "string", Description: "Ports of TLS configurations that open"},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get ingresses` table: NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(ing *networkingv1.Ingress) (metav1.TableRow, error) {
		class := tables.None
		if ing.Spec.IngressClassName != nil {
			class = *ing.Spec.IngressClassName
		}
		ports := "80"
		if len(ing.Spec.TLS) != 0 {
			ports = "80, 443"
		}
		return metav1.TableRow{Cells: []interface{}{
			ing.Name, class, hosts(ing.Spec.Rules), addresses(ing.Status.LoadBalancer), ports, tables.Since(ing.CreationTimestamp),
		}}, nil
	})
}

// hosts names the first three rule hosts; "*" when no rule has one.
func hosts(rules []networkingv1.IngressRule) string {
	var list []string
	more := false
	for _, rule := range rules {
		if len(list) == maxHosts {
			more = true
			break
		}
		if rule.Host != "" {
			list = append(list, rule.Host)
		}
	}
	if len(list) == 0 {
		return "*"
	}
	joined := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", joined, len(rules)-maxHosts)
	}
	return joined
}

// addresses lists each load balancer ingress point once, by IP or else hostname, sorted; the server
// never shortens it, as kubectl's own narrow printing would.
func addresses(status networkingv1.IngressLoadBalancerStatus) string {
	set := sets.New[string]()
	for _, ingress := range status.Ingress {
		switch {
		case ingress.IP != "":
			set.Insert(ingress.IP)
		case ingress.Hostname != "":
			set.Insert(ingress.Hostname)
		}
	}
	return strings.Join(sets.List(set), ",")
}
