package podadmission

import (
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
)

// MergeTolerations returns first followed by second, leaving out every toleration that another one
// already covers, so that a pod does not end up with redundant entries (RuntimeClass scheduling,
// for instance, adds its tolerations to the pod's own).
func MergeTolerations(first, second []corev1.Toleration) []corev1.Toleration {
	all := make([]corev1.Toleration, 0, len(first)+len(second))
	all = append(append(all, first...), second...)
	var merged []corev1.Toleration
	for i, t := range all {
		if coveredBy(t, merged) || coveredByLater(t, all[i+1:]) {
			continue
		}
		merged = append(merged, t)
	}
	return merged
}

func coveredBy(t corev1.Toleration, kept []corev1.Toleration) bool {
	for _, k := range kept {
		if covers(k, t) {
			return true
		}
	}
	return false
}

// coveredByLater tells whether a later, different toleration covers t; of two equal ones the first
// is kept.
func coveredByLater(t corev1.Toleration, later []corev1.Toleration) bool {
	for _, l := range later {
		if !apiequality.Semantic.DeepEqual(t, l) && covers(l, t) {
			return true
		}
	}
	return false
}

// covers tells whether wide tolerates every taint that t tolerates.
func covers(wide, t corev1.Toleration) bool {
	if apiequality.Semantic.DeepEqual(wide, t) {
		return true
	}
	// An empty key with Exists tolerates every key.
	if t.Key != wide.Key && (wide.Key != "" || wide.Operator != corev1.TolerationOpExists) {
		return false
	}
	if wide.Effect != "" && t.Effect != wide.Effect {
		return false
	}
	if wide.Effect == corev1.TaintEffectNoExecute && wide.TolerationSeconds != nil {
		if t.TolerationSeconds == nil || *t.TolerationSeconds > *wide.TolerationSeconds {
			return false
		}
	}
	switch wide.Operator {
	case corev1.TolerationOpEqual, "":
		return t.Operator == corev1.TolerationOpEqual && t.Value == wide.Value
	case corev1.TolerationOpExists:
		return true
	default:
		return false
	}
}

// AllCovered tells whether each of ts is covered by one of allowed; an empty allowed list allows
// everything.
func AllCovered(ts, allowed []corev1.Toleration) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, t := range ts {
		if !coveredBy(t, allowed) {
			return false
		}
	}
	return true
}
