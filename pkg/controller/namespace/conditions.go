package namespace

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// conditionTypes are the namespace conditions the deleter maintains, in kube-controller-manager's order.
var conditionTypes = []corev1.NamespaceConditionType{
	corev1.NamespaceDeletionDiscoveryFailure,
	corev1.NamespaceDeletionGVParsingFailure,
	corev1.NamespaceDeletionContentFailure,
	corev1.NamespaceContentRemaining,
	corev1.NamespaceFinalizersRemaining,
}

// healthy is the reason and message of each condition when nothing is wrong.
var healthy = map[corev1.NamespaceConditionType][2]string{
	corev1.NamespaceDeletionDiscoveryFailure: {"ResourcesDiscovered", "All resources successfully discovered"},
	corev1.NamespaceDeletionGVParsingFailure: {"ParsedGroupVersions", "All legacy kube types successfully parsed"},
	corev1.NamespaceDeletionContentFailure:   {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
	corev1.NamespaceContentRemaining:         {"ContentRemoved", "All content successfully removed"},
	corev1.NamespaceFinalizersRemaining:      {"ContentRemoved", "All content successfully removed"},
}

// progress is what one deletion pass found.
type progress struct {
	discoveryErr error
	deleteErrs   []error
	// remaining counts the objects left per resource, and finalizers the objects each finalizer holds.
	remaining  map[schema.GroupVersionResource]int
	finalizers map[string]int
}

// done reports whether the namespace is empty and every resource type was reached.
func (p progress) done() bool {
	return p.discoveryErr == nil && len(p.deleteErrs) == 0 && len(p.remaining) == 0
}

// failures returns the failing conditions of the pass, with kube-controller-manager's reasons and messages.
func (p progress) failures() []corev1.NamespaceCondition {
	var conditions []corev1.NamespaceCondition
	if p.discoveryErr != nil {
		conditions = append(conditions, failing(corev1.NamespaceDeletionDiscoveryFailure, "DiscoveryFailed", p.discoveryErr.Error()))
	}
	if len(p.deleteErrs) > 0 {
		msgs := make([]string, 0, len(p.deleteErrs))
		for _, err := range p.deleteErrs {
			msgs = append(msgs, err.Error())
		}
		sort.Strings(msgs)
		conditions = append(conditions, failing(corev1.NamespaceDeletionContentFailure, "ContentDeletionFailed",
			fmt.Sprintf("Failed to delete all resource types, %d remaining: %v", len(msgs), strings.Join(msgs, ", "))))
	}
	if len(p.remaining) > 0 {
		var parts []string
		for gvr, n := range p.remaining {
			parts = append(parts, fmt.Sprintf("%s.%s has %d resource instances", gvr.Resource, gvr.Group, n))
		}
		sort.Strings(parts)
		conditions = append(conditions, failing(corev1.NamespaceContentRemaining, "SomeResourcesRemain",
			"Some resources are remaining: "+strings.Join(parts, ", ")))
	}
	if len(p.finalizers) > 0 {
		var parts []string
		for finalizer, n := range p.finalizers {
			parts = append(parts, fmt.Sprintf("%s in %d resource instances", finalizer, n))
		}
		sort.Strings(parts)
		conditions = append(conditions, failing(corev1.NamespaceFinalizersRemaining, "SomeFinalizerRemain",
			"Some finalizers are remaining: "+strings.Join(parts, ", ")))
	}
	return conditions
}

func failing(t corev1.NamespaceConditionType, reason, message string) corev1.NamespaceCondition {
	return corev1.NamespaceCondition{Type: t, Status: corev1.ConditionTrue, LastTransitionTime: metav1.Now(), Reason: reason, Message: message}
}

// setConditions writes every maintained condition into status, the failing ones from failures and the
// healthy variant of the rest, and reports whether anything changed. Transition times move only when a
// condition's status does.
func setConditions(status *corev1.NamespaceStatus, failures []corev1.NamespaceCondition) bool {
	changed := false
	for _, t := range conditionTypes {
		want := find(failures, t)
		if want == nil {
			ok := healthy[t]
			want = &corev1.NamespaceCondition{Type: t, Status: corev1.ConditionFalse, LastTransitionTime: metav1.Now(), Reason: ok[0], Message: ok[1]}
		}
		have := find(status.Conditions, t)
		switch {
		case have == nil:
			status.Conditions = append(status.Conditions, *want)
			changed = true
		case have.Status != want.Status || have.Reason != want.Reason || have.Message != want.Message:
			if have.Status != want.Status {
				have.LastTransitionTime = want.LastTransitionTime
			}
			have.Status, have.Reason, have.Message = want.Status, want.Reason, want.Message
			changed = true
		}
	}
	return changed
}

func find(conditions []corev1.NamespaceCondition, t corev1.NamespaceConditionType) *corev1.NamespaceCondition {
	for i := range conditions {
		if conditions[i].Type == t {
			return &conditions[i]
		}
	}
	return nil
}
