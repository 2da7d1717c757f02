package nodelifecycle

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

var defaultRates = rates{healthy: 0.1, secondary: 0.01, largeCluster: 50, unhealthyZone: 0.55}

// readyConditions returns ready nodes' Ready conditions, then notReady False ones, then missing nil
// ones.
func readyConditions(ready, notReady, missing int) []*corev1.NodeCondition {
	var out []*corev1.NodeCondition
	for range ready {
		out = append(out, &corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue})
	}
	for range notReady {
		out = append(out, &corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionFalse})
	}
	for range missing {
		out = append(out, nil)
	}
	return out
}

func TestZoneState(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		ready, notReady, missing int
		wantUnhealthy            int
		want                     zoneState
	}{
		{name: "all ready", ready: 3, want: stateNormal},
		{name: "none ready", notReady: 1, wantUnhealthy: 1, want: stateFullDisruption},
		{name: "never reported counts as not ready", missing: 2, wantUnhealthy: 2, want: stateFullDisruption},
		{name: "two of three down is too few to be partial", ready: 1, notReady: 2, wantUnhealthy: 2, want: stateNormal},
		{name: "three of five down passes the threshold", ready: 2, notReady: 3, wantUnhealthy: 3, want: statePartialDisruption},
		{name: "exactly at the threshold", ready: 9, notReady: 11, wantUnhealthy: 11, want: statePartialDisruption},
		{name: "below the threshold", ready: 6, notReady: 4, wantUnhealthy: 4, want: stateNormal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			unhealthy, state := defaultRates.zoneStateOf(readyConditions(tc.ready, tc.notReady, tc.missing))
			if unhealthy != tc.wantUnhealthy || state != tc.want {
				t.Errorf("zoneStateOf = %d, %s; want %d, %s", unhealthy, state, tc.wantUnhealthy, tc.want)
			}
		})
	}
}

func TestRateFor(t *testing.T) {
	for _, tc := range []struct {
		state zoneState
		size  int
		want  float32
	}{
		{stateNormal, 3, 0.1},
		{stateFullDisruption, 3, 0.1},
		{statePartialDisruption, 50, 0},
		{statePartialDisruption, 51, 0.01},
	} {
		if got := defaultRates.rateFor(tc.state, tc.size); got != tc.want {
			t.Errorf("rateFor(%s, %d) = %v, want %v", tc.state, tc.size, got, tc.want)
		}
	}
}
