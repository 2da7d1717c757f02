package podadmission

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

func TestMergeTolerations(t *testing.T) {
	exists := func(key string, effect corev1.TaintEffect) corev1.Toleration {
		return corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists, Effect: effect}
	}
	equal := func(key, value string) corev1.Toleration {
		return corev1.Toleration{Key: key, Operator: corev1.TolerationOpEqual, Value: value, Effect: corev1.TaintEffectNoSchedule}
	}
	timed := func(seconds int64) corev1.Toleration {
		return corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To(seconds)}
	}
	for _, tc := range []struct {
		name          string
		first, second []corev1.Toleration
		want          []corev1.Toleration
	}{
		{"disjoint", []corev1.Toleration{equal("a", "1")}, []corev1.Toleration{equal("b", "1")}, []corev1.Toleration{equal("a", "1"), equal("b", "1")}},
		{"duplicate kept once", []corev1.Toleration{equal("a", "1")}, []corev1.Toleration{equal("a", "1")}, []corev1.Toleration{equal("a", "1")}},
		{"exists covers equal", []corev1.Toleration{equal("a", "1")}, []corev1.Toleration{exists("a", corev1.TaintEffectNoSchedule)}, []corev1.Toleration{exists("a", corev1.TaintEffectNoSchedule)}},
		{"any effect covers one", []corev1.Toleration{exists("a", corev1.TaintEffectNoSchedule)}, []corev1.Toleration{exists("a", "")}, []corev1.Toleration{exists("a", "")}},
		{"empty key exists covers all", []corev1.Toleration{equal("a", "1"), exists("b", "")}, []corev1.Toleration{{Operator: corev1.TolerationOpExists}}, []corev1.Toleration{{Operator: corev1.TolerationOpExists}}},
		{"longer time covers shorter", []corev1.Toleration{timed(30)}, []corev1.Toleration{timed(60)}, []corev1.Toleration{timed(60)}},
		{"different values both kept", []corev1.Toleration{equal("a", "1")}, []corev1.Toleration{equal("a", "2")}, []corev1.Toleration{equal("a", "1"), equal("a", "2")}},
		{"nothing", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, MergeTolerations(tc.first, tc.second)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllCovered(t *testing.T) {
	exists := corev1.Toleration{Key: "a", Operator: corev1.TolerationOpExists}
	equal := corev1.Toleration{Key: "a", Operator: corev1.TolerationOpEqual, Value: "1", Effect: corev1.TaintEffectNoSchedule}
	other := corev1.Toleration{Key: "b", Operator: corev1.TolerationOpExists}
	for _, tc := range []struct {
		name        string
		ts, allowed []corev1.Toleration
		want        bool
	}{
		{"empty whitelist allows all", []corev1.Toleration{other}, nil, true},
		{"covered by a wider one", []corev1.Toleration{equal}, []corev1.Toleration{exists}, true},
		{"one not covered", []corev1.Toleration{equal, other}, []corev1.Toleration{exists}, false},
		{"narrower does not cover wider", []corev1.Toleration{exists}, []corev1.Toleration{equal}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AllCovered(tc.ts, tc.allowed); got != tc.want {
				t.Errorf("AllCovered = %v, want %v", got, tc.want)
			}
		})
	}
}
