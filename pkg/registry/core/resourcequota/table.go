package resourcequota

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	tables.AgeColumn(),
	{Name: "Request", Type: "string", Description: "Request represents a minimum amount of cpu/memory that a container may consume."},
	{Name: "Limit", Type: "string", Description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."},
}

// NewTableConvertor returns the `kubectl get resourcequotas` table: NAME, AGE, REQUEST, LIMIT, where
// REQUEST and LIMIT list "resource: used/hard" for the enforced limits, limits.* under LIMIT.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, printResourceQuota)
}

func printResourceQuota(q *corev1.ResourceQuota) (metav1.TableRow, error) {
	names := make([]string, 0, len(q.Status.Hard))
	for name := range q.Status.Hard {
		names = append(names, string(name))
	}
	sort.Strings(names)
	var requests, limits []string
	for _, name := range names {
		used, hard := q.Status.Used[corev1.ResourceName(name)], q.Status.Hard[corev1.ResourceName(name)]
		cell := fmt.Sprintf("%s: %s/%s", name, used.String(), hard.String())
		if prefix, _, found := strings.Cut(name, "."); found && prefix == "limits" {
			limits = append(limits, cell)
		} else {
			requests = append(requests, cell)
		}
	}
	return metav1.TableRow{Cells: []interface{}{q.Name, tables.Since(q.CreationTimestamp), strings.Join(requests, ", "), strings.Join(limits, ", ")}}, nil
}
