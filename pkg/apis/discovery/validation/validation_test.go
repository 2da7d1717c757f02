package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func slice(endpoints []discoveryv1.Endpoint, ports ...discoveryv1.EndpointPort) *discoveryv1.EndpointSlice {
	return &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: "s", Namespace: "default"},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   endpoints,
		Ports:       ports,
	}
}

func hintNames[T any](n int, mk func(string) T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = mk(string(rune('a' + i)))
	}
	return out
}

func TestValidateEndpointSlice(t *testing.T) {
	tests := []struct {
		name string
		obj  *discoveryv1.EndpointSlice
		want []string
	}{
		{"valid", slice([]discoveryv1.Endpoint{{Addresses: []string{"10.0.0.1"}, NodeName: ptr.To("n1"), Hostname: ptr.To("h")}},
			discoveryv1.EndpointPort{Name: ptr.To("http"), Protocol: ptr.To(corev1.ProtocolTCP), AppProtocol: ptr.To("kubernetes.io/h2c")}), nil},
		{"special and bad names", slice([]discoveryv1.Endpoint{{Addresses: []string{"127.0.0.1", "0.0.0.0"}, NodeName: ptr.To("N_1"), Hostname: ptr.To("a.b")}}), []string{
			`endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
			`endpoints[0].addresses[1]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)`,
			`endpoints[0].nodeName: Invalid value: "N_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`endpoints[0].hostname: Invalid value: "a.b": must not contain dots`,
		}},
		{"ports", slice(nil,
			discoveryv1.EndpointPort{Name: ptr.To("A"), Protocol: ptr.To(corev1.Protocol("")), AppProtocol: ptr.To("a/b/c")},
			discoveryv1.EndpointPort{Name: ptr.To("A")},
		), []string{
			`ports[0].name: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			`ports[0].protocol: Unsupported value: "": supported values: "SCTP", "TCP", "UDP"`,
			`ports[0].appProtocol: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
			`ports[1].name: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			`ports[1].name: Duplicate value: "A"`,
			`ports[1].protocol: Required value`,
		}},
		{"hints", slice([]discoveryv1.Endpoint{{Addresses: []string{"10.0.0.1"}, Hints: &discoveryv1.EndpointHints{
			ForZones: []discoveryv1.ForZone{{Name: "z"}, {Name: "z"}, {Name: "-"}},
			ForNodes: []discoveryv1.ForNode{{Name: "n"}, {Name: "n"}, {Name: "N"}},
		}}}), []string{
			`endpoints[0].hints.forZones[1].name: Duplicate value: "z"`,
			`endpoints[0].hints.forZones[2].name: Invalid value: "-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
			`endpoints[0].hints.forNodes[1].name: Duplicate value: "n"`,
			`endpoints[0].hints.forNodes[2].name: Invalid value: "N": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{"too many zone hints skips node hints", slice([]discoveryv1.Endpoint{{Addresses: []string{"10.0.0.1"}, Hints: &discoveryv1.EndpointHints{
			ForZones: hintNames(9, func(n string) discoveryv1.ForZone { return discoveryv1.ForZone{Name: n} }),
			ForNodes: []discoveryv1.ForNode{{Name: "N"}},
		}}}), []string{
			`endpoints[0].hints.forZones: Too many: 9: must have at most 8 items`,
		}},
		{"too many node hints", slice([]discoveryv1.Endpoint{{Addresses: []string{"10.0.0.1"}, Hints: &discoveryv1.EndpointHints{
			ForNodes: hintNames(9, func(n string) discoveryv1.ForNode { return discoveryv1.ForNode{Name: n} }),
		}}}), []string{
			`endpoints[0].hints.forNodes: Too many: 9: must have at most 8 items`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range ValidateEndpointSlice(tt.obj) {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}
