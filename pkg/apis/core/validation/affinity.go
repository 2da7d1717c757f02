package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var supportedScheduleActions = sets.New(corev1.DoNotSchedule, corev1.ScheduleAnyway)

var supportedNodeInclusionPolicies = sets.New(corev1.NodeInclusionPolicyIgnore, corev1.NodeInclusionPolicyHonor)

// strictSelectorOptions rejects invalid label values in selectors; the
// tolerant mode only exists upstream for objects stored before the check.
var strictSelectorOptions = metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: false}

// validateTaintEffect checks a taint or toleration effect; tolerations may
// leave it empty to match every effect.
func validateTaintEffect(effect corev1.TaintEffect, allowEmpty bool, fldPath *field.Path) field.ErrorList {
	if !allowEmpty && len(effect) == 0 {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	switch effect {
	case corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
		return nil
	}
	return field.ErrorList{field.NotSupported(fldPath, effect,
		[]corev1.TaintEffect{corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute})}
}

func validateTolerations(tolerations []corev1.Toleration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, toleration := range tolerations {
		idxPath := fldPath.Index(i)
		if len(toleration.Key) > 0 {
			allErrs = append(allErrs, metav1validation.ValidateLabelName(toleration.Key, idxPath.Child("key"))...)
		}
		// An empty key with Exists matches every taint; any other operator
		// needs a key to compare against.
		if len(toleration.Key) == 0 && toleration.Operator != corev1.TolerationOpExists {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), toleration.Operator,
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if toleration.TolerationSeconds != nil && toleration.Effect != corev1.TaintEffectNoExecute {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("effect"), toleration.Effect,
				"effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch toleration.Operator {
		case corev1.TolerationOpEqual, "":
			if errs := validation.IsValidLabelValue(toleration.Value); len(errs) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), toleration.Value, strings.Join(errs, ";")))
			}
		case corev1.TolerationOpExists:
			if len(toleration.Value) > 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), toleration.Value, "value must be empty when `operator` is 'Exists'"))
			}
		default:
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("operator"), toleration.Operator,
				[]corev1.TolerationOperator{corev1.TolerationOpEqual, corev1.TolerationOpExists}))
		}
		if len(toleration.Effect) > 0 {
			allErrs = append(allErrs, validateTaintEffect(toleration.Effect, true, idxPath.Child("effect"))...)
		}
	}
	return allErrs
}

func validateAffinity(affinity *corev1.Affinity, fldPath *field.Path) field.ErrorList {
	if affinity == nil {
		return nil
	}
	var allErrs field.ErrorList
	if na := affinity.NodeAffinity; na != nil {
		naPath := fldPath.Child("nodeAffinity")
		if na.RequiredDuringSchedulingIgnoredDuringExecution != nil {
			allErrs = append(allErrs, validateNodeSelector(na.RequiredDuringSchedulingIgnoredDuringExecution, false, naPath.Child("requiredDuringSchedulingIgnoredDuringExecution"))...)
		}
		prefPath := naPath.Child("preferredDuringSchedulingIgnoredDuringExecution")
		for i, term := range na.PreferredDuringSchedulingIgnoredDuringExecution {
			if term.Weight <= 0 || term.Weight > 100 {
				allErrs = append(allErrs, field.Invalid(prefPath.Index(i).Child("weight"), term.Weight, "must be in the range 1-100"))
			}
			// Preferred terms may name label values no node has yet.
			allErrs = append(allErrs, validateNodeSelectorTerm(term.Preference, true, prefPath.Index(i).Child("preference"))...)
		}
	}
	if pa := affinity.PodAffinity; pa != nil {
		paPath := fldPath.Child("podAffinity")
		allErrs = append(allErrs, validatePodAffinityTerms(pa.RequiredDuringSchedulingIgnoredDuringExecution, paPath.Child("requiredDuringSchedulingIgnoredDuringExecution"))...)
		allErrs = append(allErrs, validateWeightedPodAffinityTerms(pa.PreferredDuringSchedulingIgnoredDuringExecution, paPath.Child("preferredDuringSchedulingIgnoredDuringExecution"))...)
	}
	if paa := affinity.PodAntiAffinity; paa != nil {
		paaPath := fldPath.Child("podAntiAffinity")
		allErrs = append(allErrs, validatePodAffinityTerms(paa.RequiredDuringSchedulingIgnoredDuringExecution, paaPath.Child("requiredDuringSchedulingIgnoredDuringExecution"))...)
		allErrs = append(allErrs, validateWeightedPodAffinityTerms(paa.PreferredDuringSchedulingIgnoredDuringExecution, paaPath.Child("preferredDuringSchedulingIgnoredDuringExecution"))...)
	}
	return allErrs
}

func validateNodeSelector(selector *corev1.NodeSelector, allowInvalidLabelValues bool, fldPath *field.Path) field.ErrorList {
	termsPath := fldPath.Child("nodeSelectorTerms")
	if len(selector.NodeSelectorTerms) == 0 {
		return field.ErrorList{field.Required(termsPath, "must have at least one node selector term")}
	}
	var allErrs field.ErrorList
	for i, term := range selector.NodeSelectorTerms {
		allErrs = append(allErrs, validateNodeSelectorTerm(term, allowInvalidLabelValues, termsPath.Index(i))...)
	}
	return allErrs
}

func validateNodeSelectorTerm(term corev1.NodeSelectorTerm, allowInvalidLabelValues bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for j, req := range term.MatchExpressions {
		allErrs = append(allErrs, validateNodeSelectorRequirement(req, allowInvalidLabelValues, fldPath.Child("matchExpressions").Index(j))...)
	}
	for j, req := range term.MatchFields {
		allErrs = append(allErrs, validateNodeFieldSelectorRequirement(req, fldPath.Child("matchFields").Index(j))...)
	}
	return allErrs
}

func validateNodeSelectorRequirement(rq corev1.NodeSelectorRequirement, allowInvalidLabelValues bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	switch rq.Operator {
	case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
		if len(rq.Values) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
		}
	case corev1.NodeSelectorOpExists, corev1.NodeSelectorOpDoesNotExist:
		if len(rq.Values) > 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
		}
	case corev1.NodeSelectorOpGt, corev1.NodeSelectorOpLt:
		if len(rq.Values) != 1 {
			allErrs = append(allErrs, field.Required(fldPath.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
		}
	default:
		allErrs = append(allErrs, field.Invalid(fldPath.Child("operator"), rq.Operator, "not a valid selector operator"))
	}
	allErrs = append(allErrs, metav1validation.ValidateLabelName(rq.Key, fldPath.Child("key"))...)
	if !allowInvalidLabelValues {
		for i, value := range rq.Values {
			for _, msg := range validation.IsValidLabelValue(value) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("values").Index(i), value, msg))
			}
		}
	}
	return allErrs
}

// validateNodeFieldSelectorRequirement allows only metadata.name, matched
// against a single node name.
func validateNodeFieldSelectorRequirement(req corev1.NodeSelectorRequirement, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	switch req.Operator {
	case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
		if len(req.Values) != 1 {
			allErrs = append(allErrs, field.Required(fldPath.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
		}
	default:
		allErrs = append(allErrs, field.Invalid(fldPath.Child("operator"), req.Operator, "not a valid selector operator"))
	}
	if req.Key != metav1.ObjectNameField {
		return append(allErrs, field.Invalid(fldPath.Child("key"), req.Key, "not a valid field selector key"))
	}
	for i, v := range req.Values {
		allErrs = append(allErrs, validateNameWith(validateNodeName, v, fldPath.Child("values").Index(i))...)
	}
	return allErrs
}

func validatePodAffinityTerms(terms []corev1.PodAffinityTerm, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, term := range terms {
		allErrs = append(allErrs, validatePodAffinityTerm(term, fldPath.Index(i))...)
	}
	return allErrs
}

func validateWeightedPodAffinityTerms(terms []corev1.WeightedPodAffinityTerm, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, term := range terms {
		if term.Weight <= 0 || term.Weight > 100 {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("weight"), term.Weight, "must be in the range 1-100"))
		}
		allErrs = append(allErrs, validatePodAffinityTerm(term.PodAffinityTerm, fldPath.Index(i).Child("podAffinityTerm"))...)
	}
	return allErrs
}

// validatePodAffinityTerm reports bad namespaces at "namespace", singular,
// as upstream does.
func validatePodAffinityTerm(term corev1.PodAffinityTerm, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	allErrs = append(allErrs, metav1validation.ValidateLabelSelector(term.LabelSelector, strictSelectorOptions, fldPath.Child("labelSelector"))...)
	allErrs = append(allErrs, metav1validation.ValidateLabelSelector(term.NamespaceSelector, strictSelectorOptions, fldPath.Child("namespaceSelector"))...)
	for _, name := range term.Namespaces {
		allErrs = append(allErrs, validateNameWith(validateNamespaceName, name, fldPath.Child("namespace"))...)
	}
	allErrs = append(allErrs, validateMatchLabelKeysAndMismatchLabelKeys(fldPath, term.MatchLabelKeys, term.MismatchLabelKeys, term.LabelSelector)...)
	if len(term.TopologyKey) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("topologyKey"), "can not be empty"))
	}
	return append(allErrs, metav1validation.ValidateLabelName(term.TopologyKey, fldPath.Child("topologyKey"))...)
}

func validateMatchLabelKeysAndMismatchLabelKeys(fldPath *field.Path, matchLabelKeys, mismatchLabelKeys []string, selector *metav1.LabelSelector) field.ErrorList {
	var allErrs field.ErrorList
	allErrs = append(allErrs, validateLabelKeys(fldPath.Child("matchLabelKeys"), matchLabelKeys, selector)...)
	allErrs = append(allErrs, validateLabelKeys(fldPath.Child("mismatchLabelKeys"), mismatchLabelKeys, selector)...)
	// A matchLabelKeys key also in the selector's expressions can never
	// narrow further; upstream reports it under the term with the key index.
	if selector != nil {
		keyIndex := map[string]int{}
		for i, key := range matchLabelKeys {
			keyIndex[key] = i
		}
		selectorKeys := sets.New[string]()
		for key := range selector.MatchLabels {
			selectorKeys.Insert(key)
		}
		for _, expr := range selector.MatchExpressions {
			if i, ok := keyIndex[expr.Key]; ok && selectorKeys.Has(expr.Key) {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(i), expr.Key, "exists in both matchLabelKeys and labelSelector"))
			}
			selectorKeys.Insert(expr.Key)
		}
	}
	mismatch := sets.New(mismatchLabelKeys...)
	for i, k := range matchLabelKeys {
		if mismatch.Has(k) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("matchLabelKeys").Index(i), k, "exists in both matchLabelKeys and mismatchLabelKeys"))
		}
	}
	return allErrs
}

func validateLabelKeys(fldPath *field.Path, keys []string, selector *metav1.LabelSelector) field.ErrorList {
	if len(keys) == 0 {
		return nil
	}
	if selector == nil {
		return field.ErrorList{field.Forbidden(fldPath, "must not be specified when labelSelector is not set")}
	}
	var allErrs field.ErrorList
	for i, key := range keys {
		allErrs = append(allErrs, metav1validation.ValidateLabelName(key, fldPath.Index(i))...)
	}
	return allErrs
}

func validateTopologySpreadConstraints(constraints []corev1.TopologySpreadConstraint, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, constraint := range constraints {
		subPath := fldPath.Index(i)
		if constraint.MaxSkew <= 0 {
			allErrs = append(allErrs, field.Invalid(subPath.Child("maxSkew"), constraint.MaxSkew, isNotPositiveErrorMsg))
		}
		if len(constraint.TopologyKey) == 0 {
			allErrs = append(allErrs, field.Required(subPath.Child("topologyKey"), "can not be empty"))
		}
		if !supportedScheduleActions.Has(constraint.WhenUnsatisfiable) {
			allErrs = append(allErrs, field.NotSupported(subPath.Child("whenUnsatisfiable"), constraint.WhenUnsatisfiable, sets.List(supportedScheduleActions)))
		}
		// {topologyKey, whenUnsatisfiable} identifies a constraint.
		for _, rest := range constraints[i+1:] {
			if constraint.TopologyKey == rest.TopologyKey && constraint.WhenUnsatisfiable == rest.WhenUnsatisfiable {
				allErrs = append(allErrs, field.Duplicate(subPath.Child("{topologyKey, whenUnsatisfiable}"), fmt.Sprintf("{%v, %v}", constraint.TopologyKey, constraint.WhenUnsatisfiable)))
				break
			}
		}
		if constraint.MinDomains != nil {
			minPath := subPath.Child("minDomains")
			if *constraint.MinDomains <= 0 {
				allErrs = append(allErrs, field.Invalid(minPath, constraint.MinDomains, isNotPositiveErrorMsg))
			}
			if constraint.WhenUnsatisfiable != corev1.DoNotSchedule {
				allErrs = append(allErrs, field.Invalid(minPath, constraint.MinDomains, fmt.Sprintf("can only use minDomains if whenUnsatisfiable=%s, not %s", corev1.DoNotSchedule, constraint.WhenUnsatisfiable)))
			}
		}
		if p := constraint.NodeAffinityPolicy; p != nil && !supportedNodeInclusionPolicies.Has(*p) {
			allErrs = append(allErrs, field.NotSupported(subPath.Child("nodeAffinityPolicy"), p, sets.List(supportedNodeInclusionPolicies)))
		}
		if p := constraint.NodeTaintsPolicy; p != nil && !supportedNodeInclusionPolicies.Has(*p) {
			allErrs = append(allErrs, field.NotSupported(subPath.Child("nodeTaintsPolicy"), p, sets.List(supportedNodeInclusionPolicies)))
		}
		allErrs = append(allErrs, validateMatchLabelKeysInTopologySpread(subPath.Child("matchLabelKeys"), constraint.MatchLabelKeys, constraint.LabelSelector)...)
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(constraint.LabelSelector, strictSelectorOptions, subPath.Child("labelSelector"))...)
	}
	return allErrs
}

func validateMatchLabelKeysInTopologySpread(fldPath *field.Path, matchLabelKeys []string, selector *metav1.LabelSelector) field.ErrorList {
	if len(matchLabelKeys) == 0 {
		return nil
	}
	var allErrs field.ErrorList
	selectorKeys := sets.Set[string]{}
	if selector != nil {
		for key := range selector.MatchLabels {
			selectorKeys.Insert(key)
		}
		for _, expr := range selector.MatchExpressions {
			selectorKeys.Insert(expr.Key)
		}
	} else {
		allErrs = append(allErrs, field.Forbidden(fldPath, "must not be specified when labelSelector is not set"))
	}
	for i, key := range matchLabelKeys {
		allErrs = append(allErrs, metav1validation.ValidateLabelName(key, fldPath.Index(i))...)
		if selectorKeys.Has(key) {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i), key, "exists in both matchLabelKeys and labelSelector"))
		}
	}
	return allErrs
}

// validateNodeSelectorMutation lets a scheduling-gated pod only add
// nodeSelector entries.
func validateNodeSelectorMutation(fldPath *field.Path, newSelector, oldSelector map[string]string) field.ErrorList {
	for k, v := range oldSelector {
		if nv, ok := newSelector[k]; !ok || nv != v {
			return field.ErrorList{field.Invalid(fldPath, newSelector, "only additions to spec.nodeSelector are allowed (no mutations or deletions)")}
		}
	}
	return nil
}

// validateNodeAffinityMutation lets a scheduling-gated pod only add
// requirements to its existing required node selector terms.
func validateNodeAffinityMutation(fldPath *field.Path, newAffinity, oldAffinity *corev1.NodeAffinity) field.ErrorList {
	if oldAffinity == nil || oldAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	termsPath := fldPath.Child("requiredDuringSchedulingIgnoredDuringExecution").Child("nodeSelectorTerms")
	oldTerms := oldAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	var newTerms []corev1.NodeSelectorTerm
	if newAffinity != nil && newAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		newTerms = newAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	}
	if len(oldTerms) > 0 && len(oldTerms) != len(newTerms) {
		return field.ErrorList{field.Invalid(termsPath, internalShape{newTerms}, "no additions/deletions to non-empty NodeSelectorTerms list are allowed")}
	}
	var allErrs field.ErrorList
	for i := range oldTerms {
		if !nodeSelectorTermHasOnlyAdditions(newTerms[i], oldTerms[i]) {
			allErrs = append(allErrs, field.Invalid(termsPath.Index(i), internalShape{newTerms[i]}, "only additions are allowed (no mutations or deletions)"))
		}
	}
	return allErrs
}

func nodeSelectorTermHasOnlyAdditions(newTerm, oldTerm corev1.NodeSelectorTerm) bool {
	if len(oldTerm.MatchExpressions) == 0 && len(oldTerm.MatchFields) == 0 {
		if len(newTerm.MatchExpressions) > 0 || len(newTerm.MatchFields) > 0 {
			return false
		}
	}
	if l := len(oldTerm.MatchExpressions); l > 0 {
		if len(newTerm.MatchExpressions) < l || !apiequality.Semantic.DeepEqual(newTerm.MatchExpressions[:l], oldTerm.MatchExpressions) {
			return false
		}
	}
	if l := len(oldTerm.MatchFields); l > 0 {
		if len(newTerm.MatchFields) < l || !apiequality.Semantic.DeepEqual(newTerm.MatchFields[:l], oldTerm.MatchFields) {
			return false
		}
	}
	return true
}
