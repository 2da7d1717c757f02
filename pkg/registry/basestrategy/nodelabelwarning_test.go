package basestrategy

import (
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	fielderrors "k8s.io/apimachinery/pkg/util/validation/field"
)

func TestNodeSelectorWarnings(t *testing.T) {
	selector := &metav1.LabelSelector{
		MatchLabels:      map[string]string{"failure-domain.beta.kubernetes.io/zone": "a", "topology.kubernetes.io/region": "r"},
		MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "kubernetes.io/os"}, {Key: "beta.kubernetes.io/arch", Operator: metav1.LabelSelectorOpExists}},
	}
	want := []string{
		`nodeTopology.matchExpressions[1].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead`,
		`nodeTopology.matchLabels.failure-domain.beta.kubernetes.io/zone: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead`,
	}
	if got := NodeSelectorWarnings(selector, fielderrors.NewPath("nodeTopology")); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
	if got := NodeSelectorWarnings(nil, fielderrors.NewPath("nodeTopology")); got != nil {
		t.Errorf("warnings for no selector = %q, want none", got)
	}
}
