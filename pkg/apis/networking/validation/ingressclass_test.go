package validation

import (
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func ingressClass(controller string, params *networkingv1.IngressClassParametersReference) *networkingv1.IngressClass {
	return &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx", ResourceVersion: "1"},
		Spec:       networkingv1.IngressClassSpec{Controller: controller, Parameters: params},
	}
}

func TestValidateIngressClass(t *testing.T) {
	cluster, namespace := ptr.To("Cluster"), ptr.To("Namespace")
	tests := []struct {
		name  string
		class *networkingv1.IngressClass
		want  []string
	}{
		{"valid", ingressClass("example.com/ingress", &networkingv1.IngressClassParametersReference{Kind: "Params", Name: "p", Scope: cluster}), nil},
		{"no controller", ingressClass("", nil), []string{"spec.controller: Required value"}},
		{"controller without a domain", ingressClass("ingress", nil), []string{
			`spec.controller: Invalid value: "ingress": must be a domain-prefixed path (such as "acme.io/foo")`,
		}},
		{"controller too long", ingressClass("example.com/"+strings.Repeat("a", 250), nil), []string{
			"spec.controller: Too long: may not be more than 250 bytes",
		}},
		{"parameters without kind, name or scope", ingressClass("example.com/ingress", &networkingv1.IngressClassParametersReference{}), []string{
			"spec.parameters.kind: Required value",
			"spec.parameters.name: Required value",
			"spec.parameters.scope: Required value",
		}},
		{"unknown scope", ingressClass("example.com/ingress", &networkingv1.IngressClassParametersReference{Kind: "P", Name: "p", Scope: ptr.To("Node")}), []string{
			`spec.parameters.scope: Unsupported value: "Node": supported values: "Cluster", "Namespace"`,
		}},
		{"namespace scope without namespace", ingressClass("example.com/ingress", &networkingv1.IngressClassParametersReference{Kind: "P", Name: "p", Scope: namespace}), []string{
			"spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
		}},
		{"cluster scope with namespace", ingressClass("example.com/ingress", &networkingv1.IngressClassParametersReference{Kind: "P", Name: "p", Scope: cluster, Namespace: ptr.To("ns")}), []string{
			"spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := messages(ValidateIngressClass(tt.class)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateIngressClassUpdate(t *testing.T) {
	old := ingressClass("example.com/ingress", nil)
	want := `spec.controller: Invalid value: "example.com/other": field is immutable`
	if got := messages(ValidateIngressClassUpdate(ingressClass("example.com/other", nil), old)); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
