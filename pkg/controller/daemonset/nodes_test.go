package daemonset

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestShouldRun(t *testing.T) {
	noSchedule := corev1.Taint{Key: "dedicated", Effect: corev1.TaintEffectNoSchedule}
	noExecute := corev1.Taint{Key: "dedicated", Effect: corev1.TaintEffectNoExecute}
	for _, tc := range []struct {
		name              string
		labels            map[string]string
		taints            []corev1.Taint
		selector          map[string]string
		tolerations       []corev1.Toleration
		nodeName          string
		wantRun, wantKeep bool
	}{
		{name: "plain node", wantRun: true, wantKeep: true},
		{name: "selector matches", labels: map[string]string{"disk": "ssd"}, selector: map[string]string{"disk": "ssd"}, wantRun: true, wantKeep: true},
		{name: "selector misses", selector: map[string]string{"disk": "ssd"}},
		{name: "other node named", nodeName: "elsewhere"},
		{name: "NoSchedule taint keeps what runs", taints: []corev1.Taint{noSchedule}, wantKeep: true},
		{name: "NoExecute taint evicts", taints: []corev1.Taint{noExecute}},
		{name: "tolerated taint", taints: []corev1.Taint{noSchedule}, tolerations: []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpExists}}, wantRun: true, wantKeep: true},
		{name: "unschedulable tolerated by default", taints: []corev1.Taint{{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule}}, wantRun: true, wantKeep: true},
		{name: "not ready NoSchedule is not", taints: []corev1.Taint{{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule}}, wantKeep: true},
		{name: "unreachable NoExecute tolerated", taints: []corev1.Taint{{Key: corev1.TaintNodeUnreachable, Effect: corev1.TaintEffectNoExecute}}, wantRun: true, wantKeep: true},
	} {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: tc.labels}, Spec: corev1.NodeSpec{Taints: tc.taints}}
		ds := &appsv1.DaemonSet{Spec: appsv1.DaemonSetSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			NodeSelector: tc.selector, Tolerations: tc.tolerations, NodeName: tc.nodeName,
		}}}}
		run, keep := shouldRun(node, ds)
		if run != tc.wantRun || keep != tc.wantKeep {
			t.Errorf("%s: shouldRun = %v, %v; want %v, %v", tc.name, run, keep, tc.wantRun, tc.wantKeep)
		}
	}
}

func TestAddDaemonTolerations(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec corev1.PodSpec
		want int
	}{
		{"none of its own", corev1.PodSpec{}, 6},
		{"host network", corev1.PodSpec{HostNetwork: true}, 7},
		{"one already there", corev1.PodSpec{Tolerations: []corev1.Toleration{daemonTolerations[0]}}, 6},
		{"another of its own", corev1.PodSpec{Tolerations: []corev1.Toleration{{Key: "x", Operator: corev1.TolerationOpExists}}}, 7},
	} {
		addDaemonTolerations(&tc.spec)
		if got := len(tc.spec.Tolerations); got != tc.want {
			t.Errorf("%s: %d tolerations, want %d: %v", tc.name, got, tc.want, tc.spec.Tolerations)
		}
	}
}

func TestBindToNode(t *testing.T) {
	preferred := []corev1.PreferredSchedulingTerm{{Weight: 1}}
	for _, tc := range []struct {
		name     string
		affinity *corev1.Affinity
	}{
		{"no affinity", nil},
		{"pod affinity only", &corev1.Affinity{PodAffinity: &corev1.PodAffinity{}}},
		{"required terms replaced", &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution:  &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{}}},
			PreferredDuringSchedulingIgnoredDuringExecution: preferred,
		}}},
	} {
		pod := &corev1.Pod{Spec: corev1.PodSpec{Affinity: bindToNode(tc.affinity, "n1")}}
		if node, ok := targetNode(pod); !ok || node != "n1" {
			t.Errorf("%s: target node %q, %v", tc.name, node, ok)
		}
		if terms := pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms; len(terms) != 1 {
			t.Errorf("%s: %d required terms", tc.name, len(terms))
		}
		if tc.name == "required terms replaced" && len(pod.Spec.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution) != 1 {
			t.Errorf("%s: preferred terms lost", tc.name)
		}
	}
	if node, ok := targetNode(&corev1.Pod{Spec: corev1.PodSpec{NodeName: "bound"}}); !ok || node != "bound" {
		t.Errorf("a bound pod's target is %q, %v", node, ok)
	}
	if _, ok := targetNode(&corev1.Pod{}); ok {
		t.Error("a pod without affinity has a target node")
	}
}
