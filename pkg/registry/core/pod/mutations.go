package pod

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/warning"
)

// maxLocalhostProfileLength is the longest AppArmor localhost profile name validation accepts
// (PATH_MAX - 1).
const maxLocalhostProfileLength = 4095

// setPodCondition adds condition to status, or replaces the condition of the same type. The
// transition time is now, unless the condition keeps the status it already had.
func setPodCondition(status *corev1.PodStatus, condition corev1.PodCondition) {
	condition.LastTransitionTime = metav1.Now()
	for i := range status.Conditions {
		if status.Conditions[i].Type != condition.Type {
			continue
		}
		if status.Conditions[i].Status == condition.Status {
			condition.LastTransitionTime = status.Conditions[i].LastTransitionTime
		}
		status.Conditions[i] = condition
		return
	}
	status.Conditions = append(status.Conditions, condition)
}

// mergeAffinityLabelKeys turns the matchLabelKeys and mismatchLabelKeys of every pod (anti-)affinity
// term into In and NotIn requirements on the term's label selector, using the pod's own label
// values, so that the scheduler only has to evaluate the selector.
func mergeAffinityLabelKeys(pod *corev1.Pod) {
	affinity := pod.Spec.Affinity
	if affinity == nil {
		return
	}
	if a := affinity.PodAffinity; a != nil {
		for i := range a.PreferredDuringSchedulingIgnoredDuringExecution {
			mergeTermLabelKeys(&a.PreferredDuringSchedulingIgnoredDuringExecution[i].PodAffinityTerm, pod.Labels)
		}
		for i := range a.RequiredDuringSchedulingIgnoredDuringExecution {
			mergeTermLabelKeys(&a.RequiredDuringSchedulingIgnoredDuringExecution[i], pod.Labels)
		}
	}
	if a := affinity.PodAntiAffinity; a != nil {
		for i := range a.PreferredDuringSchedulingIgnoredDuringExecution {
			mergeTermLabelKeys(&a.PreferredDuringSchedulingIgnoredDuringExecution[i].PodAffinityTerm, pod.Labels)
		}
		for i := range a.RequiredDuringSchedulingIgnoredDuringExecution {
			mergeTermLabelKeys(&a.RequiredDuringSchedulingIgnoredDuringExecution[i], pod.Labels)
		}
	}
}

// mergeTermLabelKeys merges one affinity term's label keys into its selector. A nil selector
// matches nothing and is left nil.
func mergeTermLabelKeys(term *corev1.PodAffinityTerm, podLabels map[string]string) {
	if term.LabelSelector == nil {
		return
	}
	addLabelKeyRequirements(term.LabelSelector, term.MatchLabelKeys, metav1.LabelSelectorOpIn, podLabels)
	addLabelKeyRequirements(term.LabelSelector, term.MismatchLabelKeys, metav1.LabelSelectorOpNotIn, podLabels)
}

// mergeTopologySpreadLabelKeys turns each topology spread constraint's matchLabelKeys into In
// requirements on its label selector.
func mergeTopologySpreadLabelKeys(pod *corev1.Pod) {
	for i := range pod.Spec.TopologySpreadConstraints {
		c := &pod.Spec.TopologySpreadConstraints[i]
		if c.LabelSelector == nil {
			continue
		}
		addLabelKeyRequirements(c.LabelSelector, c.MatchLabelKeys, metav1.LabelSelectorOpIn, pod.Labels)
	}
}

// addLabelKeyRequirements appends "key op (value)" to selector for each key the pod has a label
// for; keys the pod lacks are skipped.
func addLabelKeyRequirements(selector *metav1.LabelSelector, keys []string, op metav1.LabelSelectorOperator, podLabels map[string]string) {
	for _, key := range keys {
		if value, ok := podLabels[key]; ok {
			selector.MatchExpressions = append(selector.MatchExpressions, metav1.LabelSelectorRequirement{
				Key:      key,
				Operator: op,
				Values:   []string{value},
			})
		}
	}
}

// applyAppArmorVersionSkew copies each container's deprecated AppArmor annotation into the
// container's securityContext.appArmorProfile when that field is unset, so that pods written for
// the annotation behave the same on nodes that only read the field. The field is not set when it
// would repeat the pod-level profile. Each annotation that is not turned into a field, or that is,
// earns a deprecation warning; only an annotation equal to the pod-level profile stays silent.
func applyAppArmorVersionSkew(ctx context.Context, pod *corev1.Pod) {
	if pod.Spec.OS != nil && pod.Spec.OS.Name == corev1.Windows {
		return
	}
	var podProfile *corev1.AppArmorProfile
	if pod.Spec.SecurityContext != nil {
		podProfile = pod.Spec.SecurityContext.AppArmorProfile
	}
	apply := func(name string, sc **corev1.SecurityContext) {
		key := corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + name
		annotation, ok := pod.Annotations[key]
		if !ok || (*sc != nil && (*sc).AppArmorProfile != nil) {
			return
		}
		profile := appArmorProfileForAnnotation(annotation)
		warn := profile == nil
		if profile != nil && !apiequality.Semantic.DeepEqual(profile, podProfile) {
			if *sc == nil {
				*sc = &corev1.SecurityContext{}
			}
			(*sc).AppArmorProfile = profile
			warn = true
		}
		if warn {
			fldPath := field.NewPath("metadata", "annotations").Key(key)
			warning.AddWarning(ctx, "", fmt.Sprintf(`%s: deprecated since v1.30; use the "appArmorProfile" field instead`, fldPath))
		}
	}
	for i := range pod.Spec.InitContainers {
		apply(pod.Spec.InitContainers[i].Name, &pod.Spec.InitContainers[i].SecurityContext)
	}
	for i := range pod.Spec.Containers {
		apply(pod.Spec.Containers[i].Name, &pod.Spec.Containers[i].SecurityContext)
	}
	for i := range pod.Spec.EphemeralContainers {
		apply(pod.Spec.EphemeralContainers[i].Name, &pod.Spec.EphemeralContainers[i].SecurityContext)
	}
}

// appArmorProfileForAnnotation returns the appArmorProfile a deprecated AppArmor annotation value
// stands for, or nil when the value names no valid profile.
func appArmorProfileForAnnotation(annotation string) *corev1.AppArmorProfile {
	switch annotation {
	case corev1.DeprecatedAppArmorBetaProfileNameUnconfined:
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
	case corev1.DeprecatedAppArmorBetaProfileRuntimeDefault:
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
	}
	name, ok := strings.CutPrefix(annotation, corev1.DeprecatedAppArmorBetaProfileNamePrefix)
	// A localhost profile must be non-empty, unpadded and short enough to pass field validation.
	if !ok || name == "" || name != strings.TrimSpace(name) || len(name) > maxLocalhostProfileLength {
		return nil
	}
	return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: &name}
}
