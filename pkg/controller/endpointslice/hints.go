package endpointslice

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
)

// hintsFor returns the function that gives an endpoint its routing hints for the service's
// trafficDistribution: the ready endpoint's own zone, and for PreferSameNode its node too. Without a
// trafficDistribution, or with the topology-mode annotation, whose zone-balancing heuristic kapi
// does not implement, endpoints get no hints.
func hintsFor(svc *corev1.Service) func(*discoveryv1.Endpoint) *discoveryv1.EndpointHints {
	td := svc.Spec.TrafficDistribution
	preferClose := td != nil && slices.Contains([]string{corev1.ServiceTrafficDistributionPreferClose,
		corev1.ServiceTrafficDistributionPreferSameZone, corev1.ServiceTrafficDistributionPreferSameNode}, *td)
	if !preferClose || topologyModeAuto(svc.Annotations) {
		return func(*discoveryv1.Endpoint) *discoveryv1.EndpointHints { return nil }
	}
	sameNode := *td == corev1.ServiceTrafficDistributionPreferSameNode
	return func(ep *discoveryv1.Endpoint) *discoveryv1.EndpointHints {
		if ep.Conditions.Ready == nil || !*ep.Conditions.Ready {
			return nil
		}
		var hints discoveryv1.EndpointHints
		if ep.Zone != nil {
			hints.ForZones = []discoveryv1.ForZone{{Name: *ep.Zone}}
		}
		if sameNode && ep.NodeName != nil {
			hints.ForNodes = []discoveryv1.ForNode{{Name: *ep.NodeName}}
		}
		if hints.ForZones == nil && hints.ForNodes == nil {
			return nil
		}
		return &hints
	}
}

// topologyModeAuto tells whether the annotations ask for topology-aware hints, under the current or
// the deprecated key (which wins).
func topologyModeAuto(annotations map[string]string) bool {
	v, ok := annotations[corev1.DeprecatedAnnotationTopologyAwareHints]
	if !ok {
		v = annotations[corev1.AnnotationTopologyMode]
	}
	return v == "Auto" || v == "auto"
}

// applyHints gives the endpoints of the slices to write their hints, and rewrites the unchanged
// slices among existing whose hints are not what they should be.
func applyHints(svc *corev1.Service, changes *endpoints.Changes, existing []*discoveryv1.EndpointSlice) {
	hints := hintsFor(svc)
	set := func(s *discoveryv1.EndpointSlice) {
		for i := range s.Endpoints {
			s.Endpoints[i].Hints = hints(&s.Endpoints[i])
		}
	}
	written := map[string]bool{}
	for _, s := range changes.Delete {
		written[s.Name] = true
	}
	for _, s := range append(slices.Clone(changes.Create), changes.Update...) {
		set(s)
		written[s.Name] = true
	}
	for _, s := range existing {
		if written[s.Name] {
			continue
		}
		for i := range s.Endpoints {
			if !equality.Semantic.DeepEqual(s.Endpoints[i].Hints, hints(&s.Endpoints[i])) {
				s = s.DeepCopy()
				set(s)
				changes.Update = append(changes.Update, s)
				break
			}
		}
	}
}
