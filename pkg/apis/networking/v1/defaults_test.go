package v1_test

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func specJSON(t *testing.T, v interface{}) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestNetworkPolicyDefaults(t *testing.T) {
	tests := []struct {
		name string
		spec networkingv1.NetworkPolicySpec
		want string
	}{
		{"ingress only", networkingv1.NetworkPolicySpec{}, `{"podSelector":{},"policyTypes":["Ingress"]}`},
		{
			"egress rules add Egress and ports get TCP",
			networkingv1.NetworkPolicySpec{
				Ingress: []networkingv1.NetworkPolicyIngressRule{{Ports: []networkingv1.NetworkPolicyPort{{}}}},
				Egress:  []networkingv1.NetworkPolicyEgressRule{{Ports: []networkingv1.NetworkPolicyPort{{Protocol: ptr.To(corev1.ProtocolUDP)}}}},
			},
			`{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP"}]}],"egress":[{"ports":[{"protocol":"UDP"}]}],"policyTypes":["Ingress","Egress"]}`,
		},
		{"explicit types stay", networkingv1.NetworkPolicySpec{PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeEgress}}, `{"podSelector":{},"policyTypes":["Egress"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			np := &networkingv1.NetworkPolicy{Spec: tt.spec}
			scheme.Scheme.Default(np)
			if got := specJSON(t, np.Spec); got != tt.want {
				t.Errorf("spec = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestIngressClassDefaults(t *testing.T) {
	class := &networkingv1.IngressClass{Spec: networkingv1.IngressClassSpec{
		Controller: "example.com/ingress",
		Parameters: &networkingv1.IngressClassParametersReference{Kind: "Params", Name: "p"},
	}}
	scheme.Scheme.Default(class)
	if got, want := specJSON(t, class.Spec), `{"controller":"example.com/ingress","parameters":{"kind":"Params","name":"p","scope":"Cluster"}}`; got != want {
		t.Errorf("spec = %s, want %s", got, want)
	}
	bare := &networkingv1.IngressClass{}
	scheme.Scheme.Default(bare)
	if bare.Spec.Parameters != nil {
		t.Errorf("parameters = %+v, want none added", bare.Spec.Parameters)
	}
}
