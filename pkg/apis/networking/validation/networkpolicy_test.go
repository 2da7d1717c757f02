package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func networkPolicy(spec networkingv1.NetworkPolicySpec) *networkingv1.NetworkPolicy {
	return &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "deny", Namespace: "default", ResourceVersion: "1"}, Spec: spec}
}

func ingressFrom(peers ...networkingv1.NetworkPolicyPeer) []networkingv1.NetworkPolicyIngressRule {
	return []networkingv1.NetworkPolicyIngressRule{{From: peers}}
}

func TestValidateNetworkPolicy(t *testing.T) {
	tests := []struct {
		name string
		spec networkingv1.NetworkPolicySpec
		want []string
	}{
		{"deny all", networkingv1.NetworkPolicySpec{PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}}, nil},
		{"bad pod selector", networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": "a b"}}}, []string{
			`spec.podSelector.matchLabels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
		}},
		{"empty peer", networkingv1.NetworkPolicySpec{Ingress: ingressFrom(networkingv1.NetworkPolicyPeer{})}, []string{
			"spec.ingress[0].from[0]: Required value: must specify a peer",
		}},
		{"ipBlock with another peer", networkingv1.NetworkPolicySpec{Ingress: ingressFrom(networkingv1.NetworkPolicyPeer{
			PodSelector: &metav1.LabelSelector{}, IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0/8"},
		})}, []string{
			"spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer",
		}},
		{"except outside the cidr", networkingv1.NetworkPolicySpec{Ingress: ingressFrom(networkingv1.NetworkPolicyPeer{
			IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0/8", Except: []string{"192.168.0.0/16", "10.0.0.0/8"}},
		})}, []string{
			`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of ` + "`cidr`",
			`spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/8": must be a strict subset of ` + "`cidr`",
		}},
		{"bad cidr", networkingv1.NetworkPolicySpec{Ingress: ingressFrom(networkingv1.NetworkPolicyPeer{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0"}})}, []string{
			`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
		}},
		{"ports", networkingv1.NetworkPolicySpec{Egress: []networkingv1.NetworkPolicyEgressRule{{Ports: []networkingv1.NetworkPolicyPort{
			{Protocol: ptr.To(corev1.Protocol("ICMP"))},
			{Port: ptr.To(intstr.FromInt32(80)), EndPort: ptr.To[int32](79)},
			{Port: ptr.To(intstr.FromString("http")), EndPort: ptr.To[int32](90)},
			{EndPort: ptr.To[int32](90)},
		}}}}, []string{
			`spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"`,
			"spec.egress[0].ports[1].endPort: Invalid value: 79: must be greater than or equal to `port`",
			"spec.egress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
			"spec.egress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is not specified",
		}},
		{"policy types", networkingv1.NetworkPolicySpec{PolicyTypes: []networkingv1.PolicyType{"Both"}}, []string{
			`spec.policyTypes[0]: Unsupported value: "Both": supported values: "Ingress", "Egress"`,
		}},
		{"too many policy types", networkingv1.NetworkPolicySpec{PolicyTypes: []networkingv1.PolicyType{"Ingress", "Egress", "Ingress"}}, []string{
			`spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := messages(ValidateNetworkPolicy(networkPolicy(tt.spec))), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateNetworkPolicyUpdate(t *testing.T) {
	old := networkPolicy(networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"a b"}},
	}}})
	if errs := ValidateNetworkPolicy(old); len(errs) != 1 {
		t.Fatalf("create errors = %s, want the selector value", messages(errs))
	}
	relabelled := old.DeepCopy()
	relabelled.Labels = map[string]string{"team": "x"}
	if errs := ValidateNetworkPolicyUpdate(relabelled, old); len(errs) != 0 {
		t.Errorf("update of a policy stored with an invalid selector value: %s", messages(errs))
	}
	// Upstream checks the spec twice on update, so a new error appears twice.
	bad := old.DeepCopy()
	bad.Spec.PolicyTypes = []networkingv1.PolicyType{"Both"}
	want := strings.Repeat(`spec.policyTypes[0]: Unsupported value: "Both": supported values: "Ingress", "Egress"`+"\n", 2)
	if got := messages(ValidateNetworkPolicyUpdate(bad, old)); got+"\n" != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
