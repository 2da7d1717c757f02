package daemonset

import (
	"context"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/fake"
	corelisters "k8s.io/client-go/listers/core/v1"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
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

func TestRollingUpdate(t *testing.T) {
	now := time.Now()
	node := func(name string, taints ...corev1.Taint) *corev1.Node {
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{Taints: taints}}
	}
	pod := func(name, node, hash string, ready bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", Labels: map[string]string{hashLabel: hash}}}
		p.Spec.Affinity = bindToNode(nil, node)
		if ready {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(now.Add(-time.Hour))}}
		}
		return p
	}
	one, zero := intstr.FromInt32(1), intstr.FromInt32(0)
	noSchedule := corev1.Taint{Key: "gone", Effect: corev1.TaintEffectNoSchedule}
	for _, tc := range []struct {
		name          string
		surge         bool
		nodes         []*corev1.Node
		pods          []*corev1.Pod
		wantDeleted   []string
		wantCreatedOn []string
	}{{
		name:        "one available old pod at a time",
		nodes:       []*corev1.Node{node("a"), node("b")},
		pods:        []*corev1.Pod{pod("pa", "a", "old", true), pod("pb", "b", "old", true)},
		wantDeleted: []string{"x"},
	}, {
		name:        "unavailable old pods go first, and use up the budget",
		nodes:       []*corev1.Node{node("a"), node("b")},
		pods:        []*corev1.Pod{pod("pa", "a", "old", true), pod("pb", "b", "old", false)},
		wantDeleted: []string{"pb"},
	}, {
		name:  "an unavailable new pod holds the rest back",
		nodes: []*corev1.Node{node("a"), node("b")},
		pods:  []*corev1.Pod{pod("pa", "a", "new", false), pod("pb", "b", "old", true)},
	}, {
		name:          "surge starts a new pod beside an old one",
		surge:         true,
		nodes:         []*corev1.Node{node("a"), node("b")},
		pods:          []*corev1.Pod{pod("pa", "a", "old", true), pod("pb", "b", "old", true)},
		wantCreatedOn: []string{"x"},
	}, {
		name:        "surge deletes the old pod once the new is available",
		surge:       true,
		nodes:       []*corev1.Node{node("a")},
		pods:        []*corev1.Pod{pod("pa", "a", "old", true), pod("pa2", "a", "new", true)},
		wantDeleted: []string{"pa"},
	}, {
		name:  "surge waits for a new pod that is not available",
		surge: true,
		nodes: []*corev1.Node{node("a"), node("b")},
		pods:  []*corev1.Pod{pod("pa", "a", "old", true), pod("pa2", "a", "new", false), pod("pb", "b", "old", true)},
	}, {
		name:        "surge removes an old pod from a node the set leaves once the others keep it available",
		surge:       true,
		nodes:       []*corev1.Node{node("a", noSchedule)},
		pods:        []*corev1.Pod{pod("pa", "a", "old", true)},
		wantDeleted: []string{"pa"},
	}} {
		client := fake.NewClientset()
		nodes := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
		for _, n := range tc.nodes {
			_ = nodes.Add(n)
		}
		clk := clocktesting.NewFakeClock(now)
		c := &Controller{
			client:       client,
			control:      podcontrol.Control{Client: client, Recorder: record.NewFakeRecorder(10)},
			expectations: podcontrol.NewExpectations(clk),
			clock:        clk,
			nodes:        corelisters.NewNodeLister(nodes),
		}
		ds := &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "ds", Namespace: "ns"}}
		ds.Spec.UpdateStrategy = appsv1.DaemonSetUpdateStrategy{Type: appsv1.RollingUpdateDaemonSetStrategyType, RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxUnavailable: &one}}
		if tc.surge {
			ds.Spec.UpdateStrategy.RollingUpdate = &appsv1.RollingUpdateDaemonSet{MaxSurge: &one, MaxUnavailable: &zero}
		}
		byNode := map[string][]*corev1.Pod{}
		for _, p := range tc.pods {
			n, _ := targetNode(p)
			byNode[n] = append(byNode[n], p)
		}
		if err := c.rollingUpdate(context.Background(), ds, tc.nodes, byNode, "new"); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var deleted, createdOn []string
		for _, a := range client.Actions() {
			switch a := a.(type) {
			case clienttesting.DeleteAction:
				deleted = append(deleted, a.GetName())
			case clienttesting.CreateAction:
				created, _ := targetNode(a.GetObject().(*corev1.Pod))
				createdOn = append(createdOn, created)
			}
		}
		// "x" stands for any one.
		if len(deleted) != len(tc.wantDeleted) || (len(deleted) == 1 && tc.wantDeleted[0] != "x" && deleted[0] != tc.wantDeleted[0]) {
			t.Errorf("%s: deleted %v, want %v", tc.name, deleted, tc.wantDeleted)
		}
		if len(createdOn) != len(tc.wantCreatedOn) {
			t.Errorf("%s: created pods on %v, want %v", tc.name, createdOn, tc.wantCreatedOn)
		}
	}
}
