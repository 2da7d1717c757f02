package tables

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Unset is what upstream prints for an optional field that has no value.
const Unset = "<unset>"

// OrUnset returns *s, or "<unset>" when s is nil.
func OrUnset(s *string) string {
	if s == nil {
		return Unset
	}
	return *s
}

// AccessModes renders volume access modes the way kubectl abbreviates them (RWO, ROX, RWX, RWOP), in
// that order, each once.
func AccessModes(modes []corev1.PersistentVolumeAccessMode) string {
	abbreviations := []struct {
		mode  corev1.PersistentVolumeAccessMode
		short string
	}{
		{corev1.ReadWriteOnce, "RWO"},
		{corev1.ReadOnlyMany, "ROX"},
		{corev1.ReadWriteMany, "RWX"},
		{corev1.ReadWriteOncePod, "RWOP"},
	}
	var out []string
	for _, a := range abbreviations {
		for _, m := range modes {
			if m == a.mode {
				out = append(out, a.short)
				break
			}
		}
	}
	return strings.Join(out, ",")
}
