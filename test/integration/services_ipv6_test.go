package integration

import (
	"context"
	"net/netip"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// TestServicesOnIPv6SingleStack runs kapi with an IPv6 service range: services get IPv6 ClusterIPs
// and the IPv6 family, and the kubernetes service takes the range's first address.
func TestServicesOnIPv6SingleStack(t *testing.T) {
	ctx := context.Background()
	s, err := testserver.Start(ctx, testserver.Options{Args: []string{
		"--service-cluster-ip-range=fd00:10:96::/112", "--advertise-address=fd00:10::5",
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	}()
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	cidr := netip.MustParsePrefix("fd00:10:96::/112")

	svc, err := client.CoreV1().Services(metav1.NamespaceDefault).Create(ctx, clusterIPService("web", ""), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ip, err := netip.ParseAddr(svc.Spec.ClusterIP)
	if err != nil || !ip.Is6() || !cidr.Contains(ip) {
		t.Errorf("clusterIP = %q, want an address of %s", svc.Spec.ClusterIP, cidr)
	}
	if len(svc.Spec.IPFamilies) != 1 || svc.Spec.IPFamilies[0] != corev1.IPv6Protocol {
		t.Errorf("ipFamilies = %v, want [IPv6]", svc.Spec.IPFamilies)
	}

	var kube *corev1.Service
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		kube, err = client.CoreV1().Services(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("the kubernetes service never appeared: %v", err)
	}
	if kube.Spec.ClusterIP != "fd00:10:96::1" {
		t.Errorf("kubernetes service clusterIP = %q, want fd00:10:96::1", kube.Spec.ClusterIP)
	}
	var slice *discoveryv1.EndpointSlice
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		slice, err = client.DiscoveryV1().EndpointSlices(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("the kubernetes EndpointSlice never appeared: %v", err)
	}
	if slice.AddressType != "IPv6" || len(slice.Endpoints) != 1 || slice.Endpoints[0].Addresses[0] != "fd00:10::5" {
		t.Errorf("kubernetes EndpointSlice = %s %+v, want IPv6 with fd00:10::5", slice.AddressType, slice.Endpoints)
	}
}
