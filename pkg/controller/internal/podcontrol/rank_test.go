package podcontrol

import (
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

func TestSortForDeletion(t *testing.T) {
	now := time.Now()
	at := func(ago time.Duration) metav1.Time { return metav1.Time{Time: now.Add(-ago)} }
	pod := func(name, node string, phase corev1.PodPhase, ready bool, readyAgo time.Duration, created metav1.Time) *corev1.Pod {
		status := corev1.ConditionFalse
		if ready {
			status = corev1.ConditionTrue
		}
		p := testPod(phase, false, status, at(readyAgo).Time)
		p.Name, p.UID, p.Spec.NodeName, p.CreationTimestamp = name, types.UID(name), node, created
		return p
	}
	withCost := func(p *corev1.Pod, cost string) *corev1.Pod {
		p.Annotations = map[string]string{DeletionCostAnnotation: cost}
		return p
	}
	withRestarts := func(p *corev1.Pod, regular, sidecar int32) *corev1.Pod {
		p.Spec.InitContainers = []corev1.Container{{Name: "side", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways)}, {Name: "init"}}
		p.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: "side", RestartCount: sidecar}, {Name: "init", RestartCount: 100}}
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "c", RestartCount: regular}}
		return p
	}
	old := at(time.Hour)
	tests := []struct {
		name    string
		pods    []*corev1.Pod
		related []*corev1.Pod
		// want is the order of names, first deleted first; wantActive SortActive's when it differs.
		want, wantActive []string
	}{
		{name: "unassigned first", pods: []*corev1.Pod{
			pod("assigned", "n1", corev1.PodPending, false, 0, old), pod("unassigned", "", corev1.PodPending, false, 0, old),
		}, want: []string{"unassigned", "assigned"}},
		{name: "pending, unknown, running", pods: []*corev1.Pod{
			pod("running", "n1", corev1.PodRunning, false, 0, old), pod("unknown", "n1", corev1.PodUnknown, false, 0, old), pod("pending", "n1", corev1.PodPending, false, 0, old),
		}, want: []string{"pending", "unknown", "running"}},
		{name: "not ready first", pods: []*corev1.Pod{
			pod("ready", "n1", corev1.PodRunning, true, time.Hour, old), pod("not-ready", "n1", corev1.PodRunning, false, 0, old),
		}, want: []string{"not-ready", "ready"}},
		{name: "lower deletion cost first, invalid is zero", pods: []*corev1.Pod{
			withCost(pod("high", "n1", corev1.PodRunning, true, time.Hour, old), "10"),
			withCost(pod("invalid", "n1", corev1.PodRunning, true, time.Hour, old), "ten"),
			withCost(pod("low", "n1", corev1.PodRunning, true, time.Hour, old), "-5"),
		}, want: []string{"low", "invalid", "high"}, wantActive: []string{"high", "invalid", "low"}},
		{name: "doubled up first", pods: []*corev1.Pod{
			pod("alone", "n1", corev1.PodRunning, true, time.Hour, old), pod("crowded", "n2", corev1.PodRunning, true, time.Hour, old),
		}, related: []*corev1.Pod{
			pod("r1", "n2", corev1.PodRunning, true, 0, old), pod("r2", "n2", corev1.PodRunning, true, 0, old),
			pod("r3", "n1", corev1.PodSucceeded, true, 0, old), pod("r4", "n1", corev1.PodSucceeded, true, 0, old), pod("r5", "n1", corev1.PodSucceeded, true, 0, old),
		}, want: []string{"crowded", "alone"}, wantActive: []string{"alone", "crowded"}},
		{name: "recently ready first", pods: []*corev1.Pod{
			pod("long", "n1", corev1.PodRunning, true, 10*time.Hour, old), pod("recent", "n1", corev1.PodRunning, true, time.Minute, old),
		}, want: []string{"recent", "long"}},
		{name: "ready times in one bucket tie on UID", pods: []*corev1.Pod{
			pod("b", "n1", corev1.PodRunning, true, 65*time.Minute, old), pod("a", "n1", corev1.PodRunning, true, 66*time.Minute, old),
		}, want: []string{"a", "b"}, wantActive: []string{"b", "a"}},
		{name: "more restarts first, then more sidecar restarts", pods: []*corev1.Pod{
			withRestarts(pod("few", "n1", corev1.PodRunning, true, time.Hour, old), 1, 9),
			withRestarts(pod("many", "n1", corev1.PodRunning, true, time.Hour, old), 5, 0),
			withRestarts(pod("few-sidecar", "n1", corev1.PodRunning, true, time.Hour, old), 1, 10),
		}, want: []string{"many", "few-sidecar", "few"}},
		{name: "no creation time, then newer", pods: []*corev1.Pod{
			pod("old", "n1", corev1.PodPending, false, 0, old), pod("new", "n1", corev1.PodPending, false, 0, at(time.Second)), pod("none", "n1", corev1.PodPending, false, 0, metav1.Time{}),
		}, want: []string{"none", "new", "old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := func(pods []*corev1.Pod) []string {
				var got []string
				for _, p := range pods {
					got = append(got, p.Name)
				}
				return got
			}
			// Ties keep the given order in SortActive, the sort being stable for so few pods.
			active := slices.Clone(tt.pods)
			SortForDeletion(tt.pods, tt.related, now)
			if got := names(tt.pods); !slices.Equal(got, tt.want) {
				t.Errorf("SortForDeletion order %v, want %v", got, tt.want)
			}
			wantActive := tt.wantActive
			if wantActive == nil {
				wantActive = tt.want
			}
			SortActive(active)
			if got := names(active); !slices.Equal(got, wantActive) {
				t.Errorf("SortActive order %v, want %v", got, wantActive)
			}
		})
	}
}
