package defaultservicecidr

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/record"
)

var (
	v4 = netip.MustParsePrefix("10.0.0.0/24")
	v6 = netip.MustParsePrefix("2001:db8::/112")
)

func get(t *testing.T, client *fake.Clientset) *networkingv1.ServiceCIDR {
	t.Helper()
	cidr, err := client.NetworkingV1().ServiceCIDRs().Get(context.Background(), Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cidr
}

func readyStatus(cidr *networkingv1.ServiceCIDR) metav1.ConditionStatus {
	if c := apimeta.FindStatusCondition(cidr.Status.Conditions, networkingv1.ServiceCIDRConditionReady); c != nil {
		return c.Status
	}
	return ""
}

func events(recorder *record.FakeRecorder) []string {
	var out []string
	for {
		select {
		case e := <-recorder.Events:
			out = append(out, e)
		default:
			return out
		}
	}
}

func TestCreatesTheDefaultServiceCIDRReady(t *testing.T) {
	client := fake.NewClientset()
	c := New(client, []netip.Prefix{netip.MustParsePrefix("10.0.0.7/24")}, record.NewFakeRecorder(10))
	if err := c.sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	cidr := get(t, client)
	if len(cidr.Spec.CIDRs) != 1 || cidr.Spec.CIDRs[0] != "10.0.0.0/24" {
		t.Errorf("spec.cidrs = %v, want the masked flag range [10.0.0.0/24]", cidr.Spec.CIDRs)
	}
	ready := apimeta.FindStatusCondition(cidr.Status.Conditions, networkingv1.ServiceCIDRConditionReady)
	if ready == nil || ready.Status != metav1.ConditionTrue || ready.Message != ReadyMessage {
		t.Errorf("Ready condition = %+v, want True %q", ready, ReadyMessage)
	}
}

func TestMismatchIsReportedOnceAndLeftAlone(t *testing.T) {
	existing := &networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: Name}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.9.0.0/24"}}}
	client := fake.NewClientset(existing)
	recorder := record.NewFakeRecorder(10)
	c := New(client, []netip.Prefix{v4}, recorder)
	for range 2 {
		if err := c.sync(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cidr := get(t, client)
	if cidr.Spec.CIDRs[0] != "10.9.0.0/24" || readyStatus(cidr) != "" {
		t.Errorf("mismatched ServiceCIDR changed: cidrs %v, Ready %q", cidr.Spec.CIDRs, readyStatus(cidr))
	}
	got := events(recorder)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Warning KubernetesDefaultServiceCIDRInconsistent The default ServiceCIDR [10.9.0.0/24] does not match the controller flag configurations [10.0.0.0/24]") {
		t.Errorf("events = %q, want one KubernetesDefaultServiceCIDRInconsistent warning", got)
	}
}

func TestReadyFalseIsNotOverwritten(t *testing.T) {
	existing := &networkingv1.ServiceCIDR{
		ObjectMeta: metav1.ObjectMeta{Name: Name},
		Spec:       networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.0.0.0/24"}},
		Status: networkingv1.ServiceCIDRStatus{Conditions: []metav1.Condition{{
			Type: networkingv1.ServiceCIDRConditionReady, Status: metav1.ConditionFalse, Reason: "Terminating", Message: "being deleted",
		}}},
	}
	client := fake.NewClientset(existing)
	recorder := record.NewFakeRecorder(10)
	if err := New(client, []netip.Prefix{v4}, recorder).sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := readyStatus(get(t, client)); got != metav1.ConditionFalse {
		t.Errorf("Ready = %q, want the False someone else set", got)
	}
	if got := events(recorder); len(got) != 1 || got[0] != "Warning Terminating Configuration matches, but being deleted" {
		t.Errorf("events = %q", got)
	}
}

func TestUpgradesToDualStack(t *testing.T) {
	existing := &networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: Name}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.0.0.0/24"}}}
	client := fake.NewClientset(existing)
	if err := New(client, []netip.Prefix{v4, v6}, record.NewFakeRecorder(10)).sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := get(t, client).Spec.CIDRs; len(got) != 2 || got[1] != "2001:db8::/112" {
		t.Errorf("spec.cidrs = %v, want [10.0.0.0/24 2001:db8::/112]", got)
	}
}

func TestBeingDeletedIsLeftAlone(t *testing.T) {
	now := metav1.Now()
	existing := &networkingv1.ServiceCIDR{
		ObjectMeta: metav1.ObjectMeta{Name: Name, DeletionTimestamp: &now, Finalizers: []string{"networking.k8s.io/service-cidr-finalizer"}},
		Spec:       networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.0.0.0/24"}},
	}
	client := fake.NewClientset(existing)
	if err := New(client, []netip.Prefix{v4}, record.NewFakeRecorder(10)).sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := readyStatus(get(t, client)); got != "" {
		t.Errorf("Ready = %q on a ServiceCIDR being deleted, want no condition", got)
	}
}
