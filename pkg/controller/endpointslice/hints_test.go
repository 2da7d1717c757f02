package endpointslice

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
)

func TestHints(t *testing.T) {
	p := testPlanner(t)
	pods := []*corev1.Pod{testPod(0, true), testPod(1, false)}
	tests := []struct {
		name        string
		td          string
		annotations map[string]string
		// want is the ready endpoint's zone and node hints.
		wantZones, wantNodes int
	}{
		{name: "no trafficDistribution"},
		{name: "PreferClose", td: corev1.ServiceTrafficDistributionPreferClose, wantZones: 1},
		{name: "PreferSameZone", td: corev1.ServiceTrafficDistributionPreferSameZone, wantZones: 1},
		{name: "PreferSameNode", td: corev1.ServiceTrafficDistributionPreferSameNode, wantZones: 1, wantNodes: 1},
		{name: "unknown value", td: "Elsewhere"},
		{name: "topology mode annotation wins", td: corev1.ServiceTrafficDistributionPreferClose,
			annotations: map[string]string{corev1.AnnotationTopologyMode: "Auto"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *corev1.Service) {
				if tt.td != "" {
					s.Spec.TrafficDistribution = &tt.td
				}
				s.Annotations = tt.annotations
			})
			changes, err := p.plan(svc, pods, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, ep := range changes.Create[0].Endpoints {
				zones, nodes := 0, 0
				if ep.Hints != nil {
					zones, nodes = len(ep.Hints.ForZones), len(ep.Hints.ForNodes)
				}
				want := [2]int{tt.wantZones, tt.wantNodes}
				if !*ep.Conditions.Ready {
					want = [2]int{}
				}
				if got := [2]int{zones, nodes}; got != want {
					t.Errorf("%s: zone and node hints %v, want %v", ep.TargetRef.Name, got, want)
				}
				if zones == 1 && ep.Hints.ForZones[0].Name != "zone-a" || nodes == 1 && ep.Hints.ForNodes[0].Name != "node-a" {
					t.Errorf("%s: hints %+v, want zone-a and node-a", ep.TargetRef.Name, ep.Hints)
				}
			}
		})
	}

	// A slice that is otherwise current is rewritten when its hints are not.
	svc := testService(nil)
	first, _ := p.plan(svc, pods, nil)
	stale := existingSlice("web-stale", first.Create[0])
	stale.Endpoints[0].Hints = &discoveryv1.EndpointHints{ForZones: []discoveryv1.ForZone{{Name: "zone-z"}}}
	changes, _ := p.plan(svc, pods, []*discoveryv1.EndpointSlice{stale})
	if got := summary(changes); got != "create [] update [web-staleIPv4:2] delete []" {
		t.Errorf("plan = %s, want the stale hints removed", got)
	}
	for _, ep := range changes.Update[0].Endpoints {
		if ep.Hints != nil {
			t.Errorf("%s keeps hints %+v", ep.TargetRef.Name, ep.Hints)
		}
	}
}
