package resourceclaim

import (
	"strings"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "State", Type: "string", Description: "A summary of the current state (allocated, pending, reserved, etc.)."},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get resourceclaims` table: NAME, STATE, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(claim *resourcev1.ResourceClaim) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{claim.Name, state(claim), tables.Since(claim.CreationTimestamp)}}, nil
	})
}

// state summarizes a claim: deleted, pending (not allocated), allocated and reserved (in use).
func state(claim *resourcev1.ResourceClaim) string {
	var states []string
	deleted := claim.DeletionTimestamp != nil
	if deleted {
		states = append(states, "deleted")
	}
	switch {
	case claim.Status.Allocation != nil:
		states = append(states, "allocated")
		if len(claim.Status.ReservedFor) > 0 {
			states = append(states, "reserved")
		}
	case !deleted:
		states = append(states, "pending")
	}
	return strings.Join(states, ",")
}
