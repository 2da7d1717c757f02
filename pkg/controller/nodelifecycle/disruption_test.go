package nodelifecycle

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	nodetopology "k8s.io/component-helpers/node/topology"
)

func TestHandleDisruption(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "a", ResourceVersion: "1"},
		Spec:       corev1.NodeSpec{Taints: []corev1.Taint{unreachableTaint}},
	}
	client := fake.NewClientset(node)
	c := &Controller{
		client:     client,
		rates:      defaultRates,
		now:        func() time.Time { return now },
		healths:    map[string]*health{"a": {probe: now.Add(-time.Hour)}},
		queues:     map[string]*taintQueue{},
		known:      map[string]*corev1.Node{},
		zoneStates: map[string]zoneState{},
	}
	c.ensureZone(node)
	zone := nodetopology.GetZoneKey(node)
	c.zoneStates[zone] = stateNormal
	unknown := &corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionUnknown}

	c.handleDisruption(ctx, map[string][]*corev1.NodeCondition{zone: {unknown}}, []*corev1.Node{node})
	if c.zoneStates[zone] != stateFullDisruption {
		t.Errorf("zone state = %s, want %s", c.zoneStates[zone], stateFullDisruption)
	}
	if q := c.queues[zone]; q.qps != 0 {
		t.Errorf("tainting rate in full disruption = %v, want 0", q.qps)
	}
	got, err := client.CoreV1().Nodes().Get(ctx, "a", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Spec.Taints) != 0 {
		t.Errorf("taints in full disruption = %+v, want none", got.Spec.Taints)
	}

	ready := &corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue}
	c.handleDisruption(ctx, map[string][]*corev1.NodeCondition{zone: {ready}}, []*corev1.Node{node})
	if c.zoneStates[zone] != stateNormal {
		t.Errorf("zone state = %s, want %s", c.zoneStates[zone], stateNormal)
	}
	if q := c.queues[zone]; q.qps != defaultRates.healthy {
		t.Errorf("tainting rate after full disruption = %v, want %v", q.qps, defaultRates.healthy)
	}
	if !c.healths["a"].probe.Equal(now) {
		t.Errorf("probe after full disruption = %v, want a fresh grace period from %v", c.healths["a"].probe, now)
	}
}
