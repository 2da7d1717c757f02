package integration

import (
	"context"
	"net"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// serverPort is the secure port a test server listens on.
func serverPort(t *testing.T, host string) int32 {
	t.Helper()
	u, err := url.Parse(host)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return int32(port)
}

// waitForKubernetesEndpoints waits until the kubernetes Endpoints and EndpointSlice both list exactly
// ips (sorted) on port (any port if zero), and fails the test if they never do.
func waitForKubernetesEndpoints(t *testing.T, client kubernetes.Interface, ips []string, port int32) {
	t.Helper()
	ctx := context.Background()
	var lastEndpoints, lastSlice []string
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		e, err := client.CoreV1().Endpoints(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		lastEndpoints = nil
		for _, ss := range e.Subsets {
			for _, a := range ss.Addresses {
				lastEndpoints = append(lastEndpoints, a.IP)
			}
			if len(ss.Ports) != 1 || ss.Ports[0].Name != "https" || ss.Ports[0].Protocol != corev1.ProtocolTCP || (port != 0 && ss.Ports[0].Port != port) {
				return false, nil
			}
		}
		slice, err := client.DiscoveryV1().EndpointSlices(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		lastSlice = nil
		for _, ep := range slice.Endpoints {
			if ep.Conditions.Ready == nil || !*ep.Conditions.Ready {
				return false, nil
			}
			lastSlice = append(lastSlice, ep.Addresses...)
		}
		okSlice := slice.AddressType == discoveryv1.AddressTypeIPv4 && slice.Labels[discoveryv1.LabelServiceName] == "kubernetes" &&
			len(slice.Ports) == 1 && *slice.Ports[0].Name == "https" && (port == 0 || *slice.Ports[0].Port == port)
		return okSlice && slices.Equal(lastEndpoints, ips) && slices.Equal(lastSlice, ips), nil
	})
	if err != nil {
		t.Fatalf("kubernetes endpoints %v, slice %v; want %v on port %d", lastEndpoints, lastSlice, ips, port)
	}
}

func TestKubernetesService(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	// The controller creates the service a moment after the server is ready.
	var svc *corev1.Service
	eventually(t, func() (err error) {
		svc, err = client.CoreV1().Services(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		return err
	})
	port := serverPort(t, server.ClientConfig.Host)
	want := corev1.ServicePort{Name: "https", Protocol: corev1.ProtocolTCP, Port: 443, TargetPort: intstr.FromInt32(port)}
	if svc.Spec.ClusterIP != "10.0.0.1" || svc.Spec.Type != corev1.ServiceTypeClusterIP || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0] != want {
		t.Errorf("kubernetes service spec = %+v, want clusterIP 10.0.0.1 and port %+v", svc.Spec, want)
	}
	if svc.Labels["component"] != "apiserver" || svc.Labels["provider"] != "kubernetes" {
		t.Errorf("labels = %v", svc.Labels)
	}

	e, err := client.CoreV1().Endpoints(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
	if err == nil && e.Labels["endpointslice.kubernetes.io/skip-mirror"] != "true" {
		t.Errorf("endpoints labels = %v, want skip-mirror", e.Labels)
	}
	// Without --advertise-address the server publishes the address of the default route's interface.
	advertised, err := utilnet.ResolveBindAddress(net.IPv4(127, 0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	waitForKubernetesEndpoints(t, client, []string{advertised.String()}, port)
}

func TestEndpointsValidationAndTable(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "endpoints-crud")
	endpoints := client.CoreV1().Endpoints("endpoints-crud")

	good := &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Subsets: []corev1.EndpointSubset{{
			Addresses: []corev1.EndpointAddress{{IP: "10.1.0.1"}, {IP: "10.1.0.2"}},
			Ports:     []corev1.EndpointPort{{Name: "http", Port: 8080, Protocol: corev1.ProtocolTCP}},
		}},
	}
	if _, err := endpoints.Create(ctx, good, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	loopback := good.DeepCopy()
	loopback.Name = "loopback"
	loopback.Subsets[0].Addresses[0].IP = "127.0.0.1"
	_, err := endpoints.Create(ctx, loopback, metav1.CreateOptions{})
	expectInvalidCause(t, err, "subsets[0].addresses[0].ip", "", "may not be in the loopback range (127.0.0.0/8, ::1/128)")

	unnamed := good.DeepCopy()
	unnamed.Name = "unnamed"
	unnamed.Subsets[0].Ports = append(unnamed.Subsets[0].Ports, corev1.EndpointPort{Port: 9090, Protocol: corev1.ProtocolTCP})
	_, err = endpoints.Create(ctx, unnamed, metav1.CreateOptions{})
	expectInvalidCause(t, err, "subsets[0].ports[1].name", "", "Required value")

	empty := good.DeepCopy()
	empty.Name = "empty"
	empty.Subsets[0].Addresses = nil
	_, err = endpoints.Create(ctx, empty, metav1.CreateOptions{})
	expectInvalidCause(t, err, "subsets[0]", "", "must specify `addresses` or `notReadyAddresses`")

	columns, table := columnNames(t, client, "/api/v1/namespaces/endpoints-crud/endpoints")
	if !slices.Equal(columns, []string{"Name", "Endpoints", "Age"}) {
		t.Errorf("columns = %v", columns)
	}
	if len(table.Rows) != 1 || table.Rows[0].Cells[1] != "10.1.0.1:8080,10.1.0.2:8080" {
		t.Errorf("rows = %v", table.Rows)
	}

	// Deleting a service deletes its endpoints.
	if _, err := client.CoreV1().Services("endpoints-crud").Create(ctx, clusterIPService("web", ""), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Services("endpoints-crud").Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := endpoints.Get(ctx, "web", metav1.GetOptions{}); err == nil {
		t.Error("endpoints of a deleted service still exist")
	}
}

func TestEndpointSliceValidationAndTable(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "endpointslice-crud")
	sliceClient := client.DiscoveryV1().EndpointSlices("endpointslice-crud")

	port := int32(8080)
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: "web-abc"},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints: []discoveryv1.Endpoint{
			{Addresses: []string{"10.1.0.1"}}, {Addresses: []string{"10.1.0.2"}}, {Addresses: []string{"10.1.0.3"}}, {Addresses: []string{"10.1.0.4"}},
		},
		Ports: []discoveryv1.EndpointPort{{Port: &port}},
	}
	created, err := sliceClient.Create(ctx, slice, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if created.Generation != 1 || created.Ports[0].Name == nil || *created.Ports[0].Name != "" ||
		created.Ports[0].Protocol == nil || *created.Ports[0].Protocol != corev1.ProtocolTCP {
		t.Errorf("created slice generation %d ports %+v, want generation 1, name \"\" and protocol TCP", created.Generation, created.Ports)
	}

	bad := slice.DeepCopy()
	bad.Name = "bad"
	bad.Endpoints[0].Addresses = []string{"fd00::1"}
	_, err = sliceClient.Create(ctx, bad, metav1.CreateOptions{})
	expectInvalidCause(t, err, "endpoints[0].addresses[0]", "", "must be a valid IPv4 address")

	created.AddressType = discoveryv1.AddressTypeIPv6
	created.Endpoints = []discoveryv1.Endpoint{{Addresses: []string{"fd00::1"}}}
	_, err = sliceClient.Update(ctx, created, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "addressType", "", "field is immutable")

	columns, table := columnNames(t, client, "/apis/discovery.k8s.io/v1/namespaces/endpointslice-crud/endpointslices")
	if !slices.Equal(columns, []string{"Name", "AddressType", "Ports", "Endpoints", "Age"}) {
		t.Errorf("columns = %v", columns)
	}
	if len(table.Rows) != 1 || table.Rows[0].Cells[1] != "IPv4" || table.Rows[0].Cells[2] != "8080" ||
		table.Rows[0].Cells[3] != "10.1.0.1,10.1.0.2,10.1.0.3 + 1 more..." {
		t.Errorf("rows = %v", table.Rows)
	}
}
