package daemonset

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestLimits(t *testing.T) {
	pct := func(s string) *intstr.IntOrString { v := intstr.FromString(s); return &v }
	n := func(i int) *intstr.IntOrString { v := intstr.FromInt32(int32(i)); return &v }
	for _, tc := range []struct {
		name                       string
		rollingUpdate              *appsv1.RollingUpdateDaemonSet
		desired                    int
		wantSurge, wantUnavailable int
	}{
		{"unset", nil, 10, 0, 1},
		{"both zero", &appsv1.RollingUpdateDaemonSet{MaxSurge: n(0), MaxUnavailable: n(0)}, 10, 0, 1},
		{"percent rounds up", &appsv1.RollingUpdateDaemonSet{MaxUnavailable: pct("25%")}, 10, 0, 3},
		{"surge", &appsv1.RollingUpdateDaemonSet{MaxSurge: n(2), MaxUnavailable: n(0)}, 10, 2, 0},
	} {
		ds := &appsv1.DaemonSet{Spec: appsv1.DaemonSetSpec{UpdateStrategy: appsv1.DaemonSetUpdateStrategy{Type: appsv1.RollingUpdateDaemonSetStrategyType, RollingUpdate: tc.rollingUpdate}}}
		surge, unavailable := limits(ds, tc.desired)
		if surge != tc.wantSurge || unavailable != tc.wantUnavailable {
			t.Errorf("%s: limits = %d, %d; want %d, %d", tc.name, surge, unavailable, tc.wantSurge, tc.wantUnavailable)
		}
	}
}

func TestNewAndOld(t *testing.T) {
	pod := func(name, hash string, deleting bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{hashLabel: hash}}}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{}
		}
		return p
	}
	ds := &appsv1.DaemonSet{}
	for _, tc := range []struct {
		name             string
		pods             []*corev1.Pod
		wantNew, wantOld string
		wantOK           bool
	}{
		{"empty", nil, "", "", true},
		{"one of each", []*corev1.Pod{pod("a", "new", false), pod("b", "old", false)}, "a", "b", true},
		{"deleting ones ignored", []*corev1.Pod{pod("a", "new", false), pod("b", "new", true)}, "a", "", true},
		{"two new", []*corev1.Pod{pod("a", "new", false), pod("b", "new", false)}, "", "", false},
	} {
		updated, old, ok := newAndOld(ds, tc.pods, "new")
		name := func(p *corev1.Pod) string {
			if p == nil {
				return ""
			}
			return p.Name
		}
		if name(updated) != tc.wantNew || name(old) != tc.wantOld || ok != tc.wantOK {
			t.Errorf("%s: newAndOld = %q, %q, %v", tc.name, name(updated), name(old), ok)
		}
	}
}
