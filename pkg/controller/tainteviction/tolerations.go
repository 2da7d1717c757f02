package tainteviction

import (
	"math"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"
)

// noExecute returns the NoExecute taints among taints.
func noExecute(taints []corev1.Taint) []corev1.Taint {
	var out []corev1.Taint
	for _, t := range taints {
		if t.Effect == corev1.TaintEffectNoExecute {
			out = append(out, t)
		}
	}
	return out
}

// tolerating returns, for each taint, the first of tolerations that tolerates it, and false when some
// taint is not tolerated. Validation refuses the Lt and Gt operators, so tolerations never use them.
func tolerating(taints []corev1.Taint, tolerations []corev1.Toleration) ([]corev1.Toleration, bool) {
	var used []corev1.Toleration
	for i := range taints {
		tolerated := false
		for j := range tolerations {
			if tolerations[j].ToleratesTaint(klog.Background(), &taints[i], false) {
				used = append(used, tolerations[j])
				tolerated = true
				break
			}
		}
		if !tolerated {
			return nil, false
		}
	}
	return used, true
}

// forever is what tolerationTime returns when the tolerations never run out.
const forever = time.Duration(-1)

// tolerationTime returns how long tolerations let a pod stay: the shortest tolerationSeconds, none
// for a zero or negative one (or no tolerations at all), and forever when none sets it.
func tolerationTime(tolerations []corev1.Toleration) time.Duration {
	if len(tolerations) == 0 {
		return 0
	}
	least := int64(math.MaxInt64)
	for _, t := range tolerations {
		if t.TolerationSeconds == nil {
			continue
		}
		if *t.TolerationSeconds <= 0 {
			return 0
		}
		least = min(least, *t.TolerationSeconds)
	}
	if least == math.MaxInt64 {
		return forever
	}
	return time.Duration(least) * time.Second
}
