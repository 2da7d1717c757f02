package poddisruptionbudget

import (
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Min Available", Type: "string", Description: "The minimum number of pods that must be available."},
	{Name: "Max Unavailable", Type: "string", Description: "The maximum number of pods that may be unavailable."},
	{Name: "Allowed Disruptions", Type: "integer", Description: "Calculated number of pods that may be disrupted at this time."},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get poddisruptionbudgets` table: NAME, MIN AVAILABLE,
// MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(pdb *policyv1.PodDisruptionBudget) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{
			pdb.Name,
			intOrPercent(pdb.Spec.MinAvailable),
			intOrPercent(pdb.Spec.MaxUnavailable),
			int64(pdb.Status.DisruptionsAllowed),
			tables.Since(pdb.CreationTimestamp),
		}}, nil
	})
}

func intOrPercent(v *intstr.IntOrString) string {
	if v == nil {
		return "N/A"
	}
	return v.String()
}
