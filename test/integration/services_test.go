package integration

import (
	"context"
	"net/netip"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var serviceCIDR = netip.MustParsePrefix("10.0.0.0/24")

func clusterIPService(name, clusterIP string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.ServiceSpec{
			ClusterIP: clusterIP,
			Selector:  map[string]string{"app": name},
			Ports:     []corev1.ServicePort{{Name: "http", Port: 80}},
		},
	}
}

func nodePortService(name string, nodePort int32) *corev1.Service {
	svc := clusterIPService(name, "")
	svc.Spec.Type = corev1.ServiceTypeNodePort
	svc.Spec.Ports[0].NodePort = nodePort
	return svc
}

func TestServiceClusterIPAllocation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "svc-clusterip")
	services := client.CoreV1().Services("svc-clusterip")

	auto, err := services.Create(ctx, clusterIPService("auto", ""), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ip, err := netip.ParseAddr(auto.Spec.ClusterIP)
	if err != nil || !serviceCIDR.Contains(ip) || ip == serviceCIDR.Addr() {
		t.Errorf("allocated clusterIP %q is not a host address of %s", auto.Spec.ClusterIP, serviceCIDR)
	}
	if len(auto.Spec.ClusterIPs) != 1 || auto.Spec.ClusterIPs[0] != auto.Spec.ClusterIP {
		t.Errorf("clusterIPs = %q, want [%s]", auto.Spec.ClusterIPs, auto.Spec.ClusterIP)
	}
	if len(auto.Spec.IPFamilies) != 1 || auto.Spec.IPFamilies[0] != corev1.IPv4Protocol {
		t.Errorf("ipFamilies = %v, want [IPv4]", auto.Spec.IPFamilies)
	}
	if auto.Spec.IPFamilyPolicy == nil || *auto.Spec.IPFamilyPolicy != corev1.IPFamilyPolicySingleStack {
		t.Errorf("ipFamilyPolicy = %v, want SingleStack", auto.Spec.IPFamilyPolicy)
	}

	// Requested IPs come from the low band that dynamic allocation leaves for last, so that the
	// services other tests create on the shared server do not take them first.
	requested, err := services.Create(ctx, clusterIPService("requested", "10.0.0.12"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if requested.Spec.ClusterIP != "10.0.0.12" {
		t.Errorf("clusterIP = %q, want the requested 10.0.0.12", requested.Spec.ClusterIP)
	}

	_, err = services.Create(ctx, clusterIPService("duplicate", "10.0.0.12"), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.clusterIPs", "", "failed to allocate IP 10.0.0.12: provided IP is already allocated")
	_, err = services.Create(ctx, clusterIPService("network", "10.0.0.0"), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.clusterIPs", "", "failed to allocate IP 10.0.0.0: the provided IP (10.0.0.0) is not in the valid range. The range of valid IPs is 10.0.0.0/24")
	_, err = services.Create(ctx, clusterIPService("broadcast", "10.0.0.255"), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.clusterIPs", "", "the provided IP (10.0.0.255) is not in the valid range. The range of valid IPs is 10.0.0.0/24")
	_, err = services.Create(ctx, clusterIPService("elsewhere", "10.1.0.5"), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.clusterIPs", "", "failed to allocate IP 10.1.0.5: the provided network does not match the current range")

	headless, err := services.Create(ctx, clusterIPService("headless", corev1.ClusterIPNone), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if headless.Spec.ClusterIP != corev1.ClusterIPNone || len(headless.Spec.IPFamilies) != 1 {
		t.Errorf("headless service clusterIP %q ipFamilies %v, want None [IPv4]", headless.Spec.ClusterIP, headless.Spec.IPFamilies)
	}

	external := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "external"},
		Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"},
	}
	external, err = services.Create(ctx, external, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if external.Spec.ClusterIP != "" || external.Spec.ClusterIPs != nil || external.Spec.IPFamilies != nil || external.Spec.IPFamilyPolicy != nil {
		t.Errorf("ExternalName service got cluster IP fields: %+v", external.Spec)
	}

	// Deleting releases the IP: it can be requested again.
	if err := services.Delete(ctx, "requested", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := services.Create(ctx, clusterIPService("again", "10.0.0.12"), metav1.CreateOptions{}); err != nil {
		t.Errorf("re-requesting a released IP: %v", err)
	}
}

func TestServiceClusterIPDryRunAndFailedWrites(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "svc-dryrun")
	services := client.CoreV1().Services("svc-dryrun")

	dry, err := services.Create(ctx, clusterIPService("dry", "10.0.0.13"), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Spec.ClusterIP != "10.0.0.13" {
		t.Errorf("dry-run clusterIP = %q, want 10.0.0.13", dry.Spec.ClusterIP)
	}
	_, err = services.Create(ctx, clusterIPService("dry-taken", "10.0.0.12"), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatal(err)
	}
	// Neither dry run reserved anything.
	if _, err := services.Create(ctx, clusterIPService("real", "10.0.0.13"), metav1.CreateOptions{}); err != nil {
		t.Errorf("creating with the dry-run's IP: %v", err)
	}

	// A create that allocates and then fails validation gives its IP back.
	bad := clusterIPService("bad", "10.0.0.14")
	bad.Spec.Ports[0].Name = "Not_A_Label"
	_, err = services.Create(ctx, bad, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("invalid service: error = %v, want 422", err)
	}
	if _, err := services.Create(ctx, clusterIPService("good", "10.0.0.14"), metav1.CreateOptions{}); err != nil {
		t.Errorf("IP of a failed create was not released: %v", err)
	}
}

func TestServiceNodePortAllocation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "svc-nodeport")
	services := client.CoreV1().Services("svc-nodeport")

	auto, err := services.Create(ctx, nodePortService("auto", 0), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := auto.Spec.Ports[0].NodePort; p < 30000 || p > 32767 {
		t.Errorf("allocated nodePort %d is outside 30000-32767", p)
	}
	requested, err := services.Create(ctx, nodePortService("requested", 30080), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if requested.Spec.Ports[0].NodePort != 30080 {
		t.Errorf("nodePort = %d, want the requested 30080", requested.Spec.Ports[0].NodePort)
	}
	_, err = services.Create(ctx, nodePortService("duplicate", 30080), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.ports[0].nodePort", "", "provided port is already allocated")
	_, err = services.Create(ctx, nodePortService("low", 80), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.ports[0].nodePort", "", "provided port is not in the valid range. The range of valid ports is 30000-32767")

	// NodePort → ClusterIP releases the node port.
	requested.Spec.Type = corev1.ServiceTypeClusterIP
	updated, err := services.Update(ctx, requested, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Spec.Ports[0].NodePort != 0 || updated.Spec.ClusterIP != requested.Spec.ClusterIP {
		t.Errorf("after switching to ClusterIP: nodePort %d clusterIP %q, want 0 and %q", updated.Spec.Ports[0].NodePort, updated.Spec.ClusterIP, requested.Spec.ClusterIP)
	}
	if _, err := services.Create(ctx, nodePortService("reuse", 30080), metav1.CreateOptions{}); err != nil {
		t.Errorf("node port released by a type change: %v", err)
	}

	// ClusterIP → NodePort allocates one.
	updated.Spec.Type = corev1.ServiceTypeNodePort
	updated, err = services.Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := updated.Spec.Ports[0].NodePort; p < 30000 || p > 32767 || p == 30080 {
		t.Errorf("nodePort after switching to NodePort = %d, want a free one in range", p)
	}

	// NodePort → ExternalName releases the cluster IP too; ExternalName → ClusterIP allocates one.
	ip := updated.Spec.ClusterIP
	updated.Spec.Type = corev1.ServiceTypeExternalName
	updated.Spec.ExternalName = "example.com"
	updated.Spec.ClusterIP, updated.Spec.ClusterIPs = "", nil
	updated, err = services.Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Spec.ClusterIP != "" || updated.Spec.Ports[0].NodePort != 0 {
		t.Errorf("ExternalName kept clusterIP %q nodePort %d", updated.Spec.ClusterIP, updated.Spec.Ports[0].NodePort)
	}
	if _, err := services.Create(ctx, clusterIPService("takes-ip", ip), metav1.CreateOptions{}); err != nil {
		t.Errorf("cluster IP released by the switch to ExternalName: %v", err)
	}
	updated.Spec.Type = corev1.ServiceTypeClusterIP
	updated.Spec.ExternalName = ""
	updated, err = services.Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := netip.ParseAddr(updated.Spec.ClusterIP); err != nil || !serviceCIDR.Contains(got) {
		t.Errorf("clusterIP after switching back = %q", updated.Spec.ClusterIP)
	}

	// Deleting releases node ports.
	if err := services.Delete(ctx, "reuse", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := services.Create(ctx, nodePortService("reuse-again", 30080), metav1.CreateOptions{}); err != nil {
		t.Errorf("node port of a deleted service: %v", err)
	}
}
