package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func serviceBackend(name string, port networkingv1.ServiceBackendPort) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: port}}
}

func ingressWithPath(path string, pathType *networkingv1.PathType, backend networkingv1.IngressBackend) *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{
			Host: "example.com",
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: pathType, Backend: backend}},
			}},
		}}},
	}
}

func TestValidateIngressCreate(t *testing.T) {
	web := serviceBackend("web", networkingv1.ServiceBackendPort{Number: 80})
	prefix := ptr.To(networkingv1.PathTypePrefix)
	tests := []struct {
		name   string
		mutate func(*networkingv1.Ingress)
		want   []string
	}{
		{"valid", func(*networkingv1.Ingress) {}, nil},
		{"no rules and no default backend", func(ing *networkingv1.Ingress) { ing.Spec.Rules = nil }, []string{
			"spec: Invalid value: null: either `defaultBackend` or `rules` must be specified",
		}},
		{"missing path type", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].HTTP.Paths[0].PathType = nil }, []string{
			"spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
		}},
		{"unknown path type", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].PathType = ptr.To(networkingv1.PathType("Regex"))
		}, []string{
			`spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
		}},
		{"relative prefix path with a bad sequence", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].HTTP.Paths[0].Path = "a//b" }, []string{
			`spec.rules[0].http.paths[0].path: Invalid value: "a//b": must be an absolute path`,
			`spec.rules[0].http.paths[0].path: Invalid value: "a//b": must not contain '//'`,
		}},
		{"path ending in a dot segment", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].HTTP.Paths[0].Path = "/a/.." }, []string{
			`spec.rules[0].http.paths[0].path: Invalid value: "/a/..": cannot end with '/..'`,
		}},
		{"empty implementation-specific path", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Path = ""
			ing.Spec.Rules[0].HTTP.Paths[0].PathType = ptr.To(networkingv1.PathTypeImplementationSpecific)
		}, nil},
		{"no paths", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].HTTP.Paths = nil }, []string{
			"spec.rules[0].http.paths: Required value",
		}},
		{"IP host", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].Host = "10.0.0.1" }, []string{
			`spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
		}},
		{"wildcard host", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].Host = "*.example.com" }, nil},
		{"bad wildcard host", func(ing *networkingv1.Ingress) { ing.Spec.Rules[0].Host = "a.*.com" }, []string{
			`spec.rules[0].host: Invalid value: "a.*.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{"both port name and number", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Backend = serviceBackend("web", networkingv1.ServiceBackendPort{Name: "http", Number: 80})
		}, []string{
			`spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number`,
		}},
		{"no port", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Backend = serviceBackend("web", networkingv1.ServiceBackendPort{})
		}, []string{
			"spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
		}},
		{"port out of range and service name with a leading digit", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Backend = serviceBackend("1web", networkingv1.ServiceBackendPort{Number: 70000})
		}, []string{
			`spec.rules[0].http.paths[0].backend.service.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
			`spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive`,
		}},
		{"no backend", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Backend = networkingv1.IngressBackend{}
		}, []string{
			`spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required`,
		}},
		{"resource backend without kind", func(ing *networkingv1.Ingress) {
			ing.Spec.Rules[0].HTTP.Paths[0].Backend = networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Name: "bucket"}}
		}, []string{
			"spec.rules[0].http.paths[0].backend.resource.kind: Required value",
		}},
		{"TLS secret and host", func(ing *networkingv1.Ingress) {
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"Example.com"}, SecretName: "Bad_Secret"}}
		}, []string{
			`spec.tls[0].hosts[0]: Invalid value: "Example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`spec.tls[0].secretName: Invalid value: "Bad_Secret": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
		{"class annotation disagreeing with the class name", func(ing *networkingv1.Ingress) {
			ing.Annotations = map[string]string{IngressClassAnnotation: "nginx"}
			ing.Spec.IngressClassName = ptr.To("traefik")
		}, []string{
			"annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match `ingressClassName` when both are specified",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ing := ingressWithPath("/", prefix, web)
			tt.mutate(ing)
			if got, want := messages(ValidateIngressCreate(ing)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateIngressUpdateRatchets(t *testing.T) {
	prefix := ptr.To(networkingv1.PathTypePrefix)
	old := ingressWithPath("/", prefix, serviceBackend("1web", networkingv1.ServiceBackendPort{Number: 80}))
	old.ResourceVersion = "1"
	old.Spec.TLS = []networkingv1.IngressTLS{{SecretName: "Bad_Secret"}}
	updated := old.DeepCopy()
	updated.Labels = map[string]string{"a": "b"}
	if errs := ValidateIngressUpdate(updated, old); len(errs) != 0 {
		t.Errorf("update of an ingress stored with a DNS-label service name and a bad secret name: %s", messages(errs))
	}
	if errs := ValidateIngressCreate(updated); len(errs) != 2 {
		t.Errorf("create errors = %s, want the service name and the secret name", messages(errs))
	}
}

func TestValidateIngressStatusUpdate(t *testing.T) {
	old := ingressWithPath("/", ptr.To(networkingv1.PathTypePrefix), serviceBackend("web", networkingv1.ServiceBackendPort{Number: 80}))
	old.ResourceVersion = "1"
	updated := old.DeepCopy()
	// A leading zero is still accepted here, as upstream accepts it in legacy fields.
	updated.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: "10.0.0.256"}, {Hostname: "10.0.0.1"}, {IP: "010.0.0.1"}}
	want := strings.Join([]string{
		`status.loadBalancer.ingress[0].ip: Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
		`status.loadBalancer.ingress[1].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
	}, "\n")
	if got := messages(ValidateIngressStatusUpdate(updated, old)); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
