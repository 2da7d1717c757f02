package validation

import (
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func messages(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func serviceCIDR(name string, cidrs ...string) *networkingv1.ServiceCIDR {
	return &networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: "1"}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: cidrs}}
}

func TestValidateServiceCIDR(t *testing.T) {
	tests := []struct {
		name string
		obj  *networkingv1.ServiceCIDR
		want []string
	}{
		{"ipv4", serviceCIDR("a", "10.0.0.0/24"), nil},
		{"dual stack", serviceCIDR("a", "10.0.0.0/24", "2001:db8::/64"), nil},
		{"no cidrs", serviceCIDR("a"), []string{"spec.cidrs: Required value: at least one CIDR required"}},
		{"three cidrs", serviceCIDR("a", "10.0.0.0/24", "10.1.0.0/24", "2001:db8::/64"), []string{
			`spec.cidrs: Invalid value: {"CIDRs":["10.0.0.0/24","10.1.0.0/24","2001:db8::/64"]}: may only hold up to 2 values`,
		}},
		{"same family", serviceCIDR("a", "10.0.0.0/24", "10.1.0.0/24"), []string{
			`spec.cidrs: Invalid value: ["10.0.0.0/24","10.1.0.0/24"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64`,
		}},
		{"not a cidr", serviceCIDR("a", "10.0.0.0"), []string{
			`spec.cidrs[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
		}},
		{"host bits set", serviceCIDR("a", "10.0.0.1/24"), []string{
			`spec.cidrs[0]: Invalid value: "10.0.0.1/24": must not have bits set beyond the prefix length`,
		}},
		{"bad name", serviceCIDR("A_b", "10.0.0.0/24"), []string{
			`metadata.name: Invalid value: "A_b": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := messages(ValidateServiceCIDR(tt.obj)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateServiceCIDRFinalizerName(t *testing.T) {
	obj := serviceCIDR("a", "10.0.0.0/24")
	obj.Finalizers = []string{"unqualified"}
	want := `metadata.finalizers[0]: Invalid value: "unqualified": name is neither a standard finalizer name nor is it fully qualified`
	if got := messages(ValidateServiceCIDR(obj)); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}

func TestValidateServiceCIDRUpdate(t *testing.T) {
	tests := []struct {
		name     string
		old, new []string
		want     []string
	}{
		{"unchanged", []string{"10.0.0.0/24"}, []string{"10.0.0.0/24"}, nil},
		{"changed", []string{"10.0.0.0/24"}, []string{"10.1.0.0/24"}, []string{
			`spec.cidrs[0]: Invalid value: "10.1.0.0/24": field is immutable`,
		}},
		{"to dual stack", []string{"10.0.0.0/24"}, []string{"10.0.0.0/24", "2001:db8::/64"}, nil},
		{"to dual stack with the same family", []string{"10.0.0.0/24"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, []string{
			`spec.cidrs: Invalid value: ["10.0.0.0/24","10.1.0.0/24"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64`,
		}},
		{"to dual stack changing the first", []string{"10.0.0.0/24"}, []string{"10.1.0.0/24", "2001:db8::/64"}, []string{
			`spec.cidrs[0]: Invalid value: "10.1.0.0/24": field is immutable`,
		}},
		{"removed", []string{"10.0.0.0/24", "2001:db8::/64"}, []string{"10.0.0.0/24"}, []string{
			`spec.cidrs: Invalid value: ["10.0.0.0/24"]: field is immutable`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := messages(ValidateServiceCIDRUpdate(serviceCIDR("a", tt.new...), serviceCIDR("a", tt.old...)))
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func ipAddress(name string, ref *networkingv1.ParentReference) *networkingv1.IPAddress {
	return &networkingv1.IPAddress{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: "1"}, Spec: networkingv1.IPAddressSpec{ParentRef: ref}}
}

func TestValidateIPAddress(t *testing.T) {
	svcRef := &networkingv1.ParentReference{Resource: "services", Namespace: "default", Name: "web"}
	tests := []struct {
		name string
		obj  *networkingv1.IPAddress
		want []string
	}{
		{"service", ipAddress("10.0.0.10", svcRef), nil},
		{"ipv6", ipAddress("2001:db8::1", &networkingv1.ParentReference{Group: "gateway.networking.k8s.io", Resource: "gateways", Name: "gw"}), nil},
		{"not canonical", ipAddress("2001:db8:0::1", svcRef), []string{
			`metadata.name: Invalid value: "2001:db8:0::1": must be in canonical form ("2001:db8::1")`,
		}},
		{"not an ip", ipAddress("web", svcRef), []string{
			`metadata.name: Invalid value: "web": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
		}},
		{"no parent", ipAddress("10.0.0.10", nil), []string{"spec.parentRef: Required value"}},
		{"empty parent", ipAddress("10.0.0.10", &networkingv1.ParentReference{}), []string{
			"spec.parentRef.resource: Required value",
			"spec.parentRef.name: Required value",
		}},
		{"bad parent", ipAddress("10.0.0.10", &networkingv1.ParentReference{Group: "Bad_Group", Resource: "a/b", Namespace: "..", Name: "%x"}), []string{
			`spec.parentRef.group: Invalid value: "Bad_Group": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`spec.parentRef.resource: Invalid value: "a/b": may not contain '/'`,
			`spec.parentRef.name: Invalid value: "%x": may not contain '%'`,
			`spec.parentRef.namespace: Invalid value: "..": may not be '..'`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := messages(ValidateIPAddress(tt.obj)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateIPAddressUpdate(t *testing.T) {
	old := ipAddress("10.0.0.10", &networkingv1.ParentReference{Resource: "services", Namespace: "default", Name: "web"})
	if errs := ValidateIPAddressUpdate(old.DeepCopy(), old); len(errs) != 0 {
		t.Fatalf("unchanged IPAddress: %v", errs)
	}
	moved := old.DeepCopy()
	moved.Spec.ParentRef.Name = "db"
	want := `spec.parentRef: Invalid value: {"Group":"","Resource":"services","Namespace":"default","Name":"db"}: field is immutable`
	if got := messages(ValidateIPAddressUpdate(moved, old)); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
