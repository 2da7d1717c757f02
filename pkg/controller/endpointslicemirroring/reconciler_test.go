package endpointslicemirroring

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func testEndpoints(subsets ...corev1.EndpointSubset) *corev1.Endpoints {
	return &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "ext", UID: "ep-uid", Labels: map[string]string{"team": "a"},
			Annotations: map[string]string{"note": "x", corev1.EndpointsLastChangeTriggerTime: "2026-01-01T00:00:00Z"}},
		Subsets: subsets,
	}
}

func ips(prefix string, n int) []corev1.EndpointAddress {
	out := make([]corev1.EndpointAddress, n)
	for i := range out {
		out[i] = corev1.EndpointAddress{IP: fmt.Sprintf("%s%d", prefix, i+1)}
	}
	return out
}

var http = []corev1.EndpointPort{{Name: "http", Port: 8080, Protocol: corev1.ProtocolTCP}}

// summary renders the endpoints of each slice, ready ones with a +, for comparison.
func summary(list []*discoveryv1.EndpointSlice) []string {
	var out []string
	for _, s := range list {
		var eps []string
		for _, e := range s.Endpoints {
			mark := "-"
			if *e.Conditions.Ready {
				mark = "+"
			}
			eps = append(eps, mark+e.Addresses[0])
		}
		out = append(out, fmt.Sprintf("%s %s %s", s.Name, s.AddressType, strings.Join(eps, ",")))
	}
	slices.Sort(out)
	return out
}

func TestPlan(t *testing.T) {
	mixed := corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.1"}, {IP: "2001:db8::1"}},
		NotReadyAddresses: []corev1.EndpointAddress{{IP: "192.0.2.2"}}, Ports: http}
	first, _ := plan(testEndpoints(mixed), nil, MaxEndpointsPerSubset)
	var existing []*discoveryv1.EndpointSlice
	for i, s := range first.Create {
		s = s.DeepCopy()
		s.Name, s.GenerateName = fmt.Sprintf("ext-%d", i), ""
		existing = append(existing, s)
	}

	tests := []struct {
		name                   string
		ep                     *corev1.Endpoints
		existing               []*discoveryv1.EndpointSlice
		create, update, delete []string
	}{
		{
			name:   "one slice per address type, ready and not ready",
			ep:     testEndpoints(mixed),
			create: []string{" IPv4 +192.0.2.1,-192.0.2.2", " IPv6 +2001:db8::1"},
		},
		{name: "unchanged", ep: testEndpoints(mixed), existing: existing},
		{
			name: "an address added rewrites its slice",
			ep: testEndpoints(corev1.EndpointSubset{Addresses: append(slices.Clone(mixed.Addresses), corev1.EndpointAddress{IP: "192.0.2.3"}),
				NotReadyAddresses: mixed.NotReadyAddresses, Ports: http}),
			existing: existing,
			update:   []string{"ext-0 IPv4 +192.0.2.1,-192.0.2.2,+192.0.2.3"},
		},
		{
			name:     "a family gone deletes its slice",
			ep:       testEndpoints(corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.1"}}, NotReadyAddresses: mixed.NotReadyAddresses, Ports: http}),
			existing: existing,
			delete:   []string{"ext-1 IPv6 +2001:db8::1"},
		},
		{
			name:     "new ports: new slice, old ones deleted",
			ep:       testEndpoints(corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.1"}}, Ports: []corev1.EndpointPort{{Name: "https", Port: 8443, Protocol: corev1.ProtocolTCP}}}),
			existing: existing,
			create:   []string{" IPv4 +192.0.2.1"},
			delete:   []string{"ext-0 IPv4 +192.0.2.1,-192.0.2.2", "ext-1 IPv6 +2001:db8::1"},
		},
		{
			name:   "invalid IPs are skipped",
			ep:     testEndpoints(corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.1"}, {IP: "not-an-ip"}}, Ports: http}),
			create: []string{" IPv4 +192.0.2.1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, _ := plan(tt.ep, tt.existing, MaxEndpointsPerSubset)
			for _, c := range []struct {
				verb      string
				got, want []string
			}{{"create", summary(changes.Create), tt.create}, {"update", summary(changes.Update), tt.update}, {"delete", summary(changes.Delete), tt.delete}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s = %q, want %q", c.verb, c.got, c.want)
				}
			}
		})
	}
}

func TestPlanLimitsAndCounts(t *testing.T) {
	ep := testEndpoints(
		corev1.EndpointSubset{Addresses: ips("192.0.2.", 3), NotReadyAddresses: ips("198.51.100.", 2), Ports: http},
		corev1.EndpointSubset{Addresses: append(ips("203.0.113.", 1), corev1.EndpointAddress{IP: "bogus"})},
	)
	changes, d := plan(ep, nil, 4)
	if d.invalid != 1 || d.skipped != 2 {
		t.Errorf("invalid %d, skipped %d; want 1 invalid and 2 skipped (one over the limit, one invalid)", d.invalid, d.skipped)
	}
	want := []string{" IPv4 +192.0.2.1,+192.0.2.2,+192.0.2.3,-198.51.100.1", " IPv4 +203.0.113.1"}
	if got := summary(changes.Create); !slices.Equal(got, want) {
		t.Errorf("create = %q, want %q", got, want)
	}
}

func TestNewSliceMetadata(t *testing.T) {
	s := newSlice(testEndpoints(), nil, discoveryv1.AddressTypeIPv4, "")
	if s.GenerateName != "ext-" || s.Labels["team"] != "a" || s.Labels[discoveryv1.LabelServiceName] != "ext" || s.Labels[discoveryv1.LabelManagedBy] != ManagedBy {
		t.Errorf("slice generateName %q labels %v", s.GenerateName, s.Labels)
	}
	if _, ok := s.Annotations[corev1.EndpointsLastChangeTriggerTime]; ok || s.Annotations["note"] != "x" {
		t.Errorf("annotations = %v, want the Endpoints' but the trigger time", s.Annotations)
	}
	if refs := s.OwnerReferences; len(refs) != 1 || refs[0].Kind != "Endpoints" || refs[0].UID != "ep-uid" || !*refs[0].Controller {
		t.Errorf("owners = %+v, want the Endpoints as controller", refs)
	}
}
