package basestrategy

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	fielderrors "k8s.io/apimachinery/pkg/util/validation/field"
)

// deprecatedNodeLabels are the node labels kubelet no longer sets, with what to use instead.
var deprecatedNodeLabels = map[string]string{
	"beta.kubernetes.io/arch":                  `deprecated since v1.14; use "kubernetes.io/arch" instead`,
	"beta.kubernetes.io/os":                    `deprecated since v1.14; use "kubernetes.io/os" instead`,
	"failure-domain.beta.kubernetes.io/region": `deprecated since v1.17; use "topology.kubernetes.io/region" instead`,
	"failure-domain.beta.kubernetes.io/zone":   `deprecated since v1.17; use "topology.kubernetes.io/zone" instead`,
	"beta.kubernetes.io/instance-type":         `deprecated since v1.17; use "node.kubernetes.io/instance-type" instead`,
}

// DeprecatedNodeLabelWarning returns the warning for a selection by node label key at fldPath, if
// the key is a deprecated node label: such a selection matches no node a current kubelet runs.
func DeprecatedNodeLabelWarning(key string, fldPath *fielderrors.Path) (string, bool) {
	msg, ok := deprecatedNodeLabels[key]
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s: %s is %s", fldPath, key, msg), true
}

// NodeSelectorWarnings warns about each deprecated node label a label selector of nodes uses.
func NodeSelectorWarnings(selector *metav1.LabelSelector, fldPath *fielderrors.Path) []string {
	if selector == nil {
		return nil
	}
	var warnings []string
	for i, expr := range selector.MatchExpressions {
		if w, ok := DeprecatedNodeLabelWarning(expr.Key, fldPath.Child("matchExpressions").Index(i).Child("key")); ok {
			warnings = append(warnings, w)
		}
	}
	for key := range selector.MatchLabels {
		if w, ok := DeprecatedNodeLabelWarning(key, fldPath.Child("matchLabels").Child(key)); ok {
			warnings = append(warnings, w)
		}
	}
	return warnings
}
