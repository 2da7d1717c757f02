package core

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/selection"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/quota/v1/generic"
)

// selectorOperators maps a scope selector's operators onto label selection, the way kube-apiserver
// evaluates a scope that has values as a label named after the scope.
var selectorOperators = map[corev1.ScopeSelectorOperator]selection.Operator{
	corev1.ScopeSelectorOpIn:           selection.In,
	corev1.ScopeSelectorOpNotIn:        selection.NotIn,
	corev1.ScopeSelectorOpExists:       selection.Exists,
	corev1.ScopeSelectorOpDoesNotExist: selection.DoesNotExist,
}

// selectorMatchesAny tells whether the scope selector matches an object whose scope has one of
// values, or, with no values, an object without the scope.
func selectorMatchesAny(selector corev1.ScopedResourceSelectorRequirement, values ...string) (bool, error) {
	op, ok := selectorOperators[selector.Operator]
	if !ok {
		return false, fmt.Errorf("failed to parse and convert selector: %q is not a valid scope selector operator", selector.Operator)
	}
	key := string(selector.ScopeName)
	requirement, err := labels.NewRequirement(key, op, selector.Values)
	if err != nil {
		return false, fmt.Errorf("failed to parse and convert selector: %w", err)
	}
	if len(values) == 0 {
		return requirement.Matches(labels.Set{}), nil
	}
	for _, v := range values {
		if requirement.Matches(labels.Set{key: v}) {
			return true, nil
		}
	}
	return false, nil
}

// matchingScopes returns the selectors of scopes that item matches.
func matchingScopes(item runtime.Object, selectors []corev1.ScopedResourceSelectorRequirement, matches generic.MatchesScopeFunc) ([]corev1.ScopedResourceSelectorRequirement, error) {
	matched := []corev1.ScopedResourceSelectorRequirement{}
	for _, selector := range selectors {
		ok, err := matches(selector, item)
		if err != nil {
			return []corev1.ScopedResourceSelectorRequirement{}, fmt.Errorf("error on matching scope %v: %w", selector, err)
		}
		if ok {
			matched = append(matched, selector)
		}
	}
	return matched, nil
}

// uncoveredScopes returns the limited scopes that no matched quota scope of the same name covers.
func uncoveredScopes(limited, matched []corev1.ScopedResourceSelectorRequirement) []corev1.ScopedResourceSelectorRequirement {
	covered := sets.New[corev1.ResourceQuotaScope]()
	for _, s := range matched {
		covered.Insert(s.ScopeName)
	}
	uncovered := []corev1.ScopedResourceSelectorRequirement{}
	for _, s := range limited {
		if !covered.Has(s.ScopeName) {
			uncovered = append(uncovered, s)
		}
	}
	return uncovered
}
