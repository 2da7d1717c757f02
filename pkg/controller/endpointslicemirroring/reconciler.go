package endpointslicemirroring

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	netutils "k8s.io/utils/net"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
)

// desiredState is what the slices of one Endpoints object should hold, by address type and ports.
type desiredState struct {
	endpoints map[string]endpoints.EndpointSet
	ports     map[string][]discoveryv1.EndpointPort
	types     map[string]discoveryv1.AddressType
	// invalid counts addresses that are no IP, skipped those over the per-subset limit or invalid.
	invalid, skipped int
}

// groupKey identifies the slices of one address type and set of ports.
func groupKey(addressType discoveryv1.AddressType, ports []discoveryv1.EndpointPort) string {
	return string(addressType) + "|" + endpoints.PortsKey(ports)
}

// desired mirrors the Endpoints' repacked subsets: for each subset, up to maxPerSubset of its
// addresses, ready ones first, in the slice of their address type for the subset's ports.
func desired(ep *corev1.Endpoints, maxPerSubset int) desiredState {
	d := desiredState{endpoints: map[string]endpoints.EndpointSet{}, ports: map[string][]discoveryv1.EndpointPort{}, types: map[string]discoveryv1.AddressType{}}
	for _, subset := range endpoints.Repack(ep.Subsets) {
		ports := slicePorts(subset.Ports)
		keys := map[discoveryv1.AddressType]string{}
		for _, t := range []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6} {
			key := groupKey(t, ports)
			keys[t] = key
			if d.endpoints[key] == nil {
				d.endpoints[key] = endpoints.EndpointSet{}
			}
			d.ports[key], d.types[key] = ports, t
		}
		added := 0
		add := func(addresses []corev1.EndpointAddress, ready bool) {
			for _, a := range addresses {
				if added >= maxPerSubset {
					return
				}
				e, t, ok := addressToEndpoint(a, ready)
				if !ok {
					d.invalid++
					continue
				}
				d.endpoints[keys[t]].Insert(e)
				added++
			}
		}
		add(subset.Addresses, true)
		add(subset.NotReadyAddresses, false)
		d.skipped += len(subset.Addresses) + len(subset.NotReadyAddresses) - added
	}
	return d
}

// plan returns the writes that make existing, the slices mirrored for the Endpoints, match it: one
// slice per address type and set of ports, rewritten whole when its endpoints, labels or
// annotations differ, and none for a group without addresses.
func plan(ep *corev1.Endpoints, existing []*discoveryv1.EndpointSlice, maxPerSubset int) (endpoints.Changes, desiredState) {
	d := desired(ep, maxPerSubset)
	existingByKey := map[string][]*discoveryv1.EndpointSlice{}
	for _, s := range existing {
		key := groupKey(s.AddressType, s.Ports)
		existingByKey[key] = append(existingByKey[key], s)
	}
	var changes endpoints.Changes
	for _, key := range slices.Sorted(maps.Keys(d.endpoints)) {
		want, have := d.endpoints[key], existingByKey[key]
		if len(want) == 0 {
			changes.Delete = append(changes.Delete, have...)
			continue
		}
		name := ""
		if len(have) > 0 {
			changes.Delete = append(changes.Delete, have[1:]...)
			if upToDate(ep, have[0], want) {
				continue
			}
			name = have[0].Name
		}
		s := newSlice(ep, d.ports[key], d.types[key], name)
		s.Endpoints = want.Take(maxPerSubset)
		if name == "" {
			changes.Create = append(changes.Create, s)
		} else {
			changes.Update = append(changes.Update, s)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(existingByKey)) {
		if _, ok := d.endpoints[key]; !ok {
			changes.Delete = append(changes.Delete, existingByKey[key]...)
		}
	}
	return changes, d
}

// upToDate tells whether the slice holds exactly the wanted endpoints and the Endpoints' labels and
// annotations.
func upToDate(ep *corev1.Endpoints, s *discoveryv1.EndpointSlice, want endpoints.EndpointSet) bool {
	if len(s.Endpoints) != len(want) {
		return false
	}
	for i := range s.Endpoints {
		got := want.Get(&s.Endpoints[i])
		if got == nil || !endpoints.EqualBeyondKey(got, &s.Endpoints[i]) {
			return false
		}
	}
	sliceLabels := maps.Clone(s.Labels)
	delete(sliceLabels, discoveryv1.LabelManagedBy)
	delete(sliceLabels, discoveryv1.LabelServiceName)
	return equalMaps(ep.Labels, sliceLabels) && equalMaps(mirroredAnnotations(ep), s.Annotations)
}

// equalMaps treats nil and empty alike, as stored objects do.
func equalMaps(a, b map[string]string) bool { return len(a) == len(b) && maps.Equal(a, b) }

// mirroredAnnotations are the Endpoints' annotations but the trigger time and kubectl's last
// applied configuration.
func mirroredAnnotations(ep *corev1.Endpoints) map[string]string {
	out := maps.Clone(ep.Annotations)
	if out == nil {
		out = map[string]string{}
	}
	delete(out, corev1.EndpointsLastChangeTriggerTime)
	delete(out, corev1.LastAppliedConfigAnnotation)
	return out
}

// newSlice is an empty slice mirroring the Endpoints for the ports and address type, named name, or
// generated from the Endpoints' name without one.
func newSlice(ep *corev1.Endpoints, ports []discoveryv1.EndpointPort, addressType discoveryv1.AddressType, name string) *discoveryv1.EndpointSlice {
	s := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{
			Name:            name,
			Namespace:       ep.Namespace,
			Labels:          maps.Clone(ep.Labels),
			Annotations:     mirroredAnnotations(ep),
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(ep, corev1.SchemeGroupVersion.WithKind("Endpoints"))},
		},
		Ports:       ports,
		AddressType: addressType,
		Endpoints:   []discoveryv1.Endpoint{},
	}
	if name == "" {
		s.GenerateName = endpoints.NamePrefix(ep.Name)
	}
	if s.Labels == nil {
		s.Labels = map[string]string{}
	}
	s.Labels[discoveryv1.LabelServiceName] = ep.Name
	s.Labels[discoveryv1.LabelManagedBy] = ManagedBy
	return s
}

// addressToEndpoint is the slice endpoint of an Endpoints address and its address type, false if
// the address is no IP.
func addressToEndpoint(a corev1.EndpointAddress, ready bool) (*discoveryv1.Endpoint, discoveryv1.AddressType, bool) {
	ip := netutils.ParseIPSloppy(a.IP)
	if ip == nil {
		return nil, "", false
	}
	addressType := discoveryv1.AddressTypeIPv4
	if ip.To4() == nil {
		addressType = discoveryv1.AddressTypeIPv6
	}
	e := &discoveryv1.Endpoint{
		Addresses:  []string{ip.String()},
		Conditions: discoveryv1.EndpointConditions{Ready: &ready},
		TargetRef:  a.TargetRef,
		NodeName:   a.NodeName,
	}
	if a.Hostname != "" {
		e.Hostname = &a.Hostname
	}
	return e, addressType, true
}

// slicePorts are the Endpoints ports as slice ports.
func slicePorts(ports []corev1.EndpointPort) []discoveryv1.EndpointPort {
	out := []discoveryv1.EndpointPort{}
	for _, p := range ports {
		out = append(out, discoveryv1.EndpointPort{Name: &p.Name, Port: &p.Port, Protocol: &p.Protocol, AppProtocol: p.AppProtocol})
	}
	return out
}
