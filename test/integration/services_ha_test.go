package integration

import (
	"context"
	"fmt"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/controller/kubernetesservice"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	"github.com/kapi-dev/kapi/pkg/testserver"
)

// startKapi starts a kapi on etcd advertising advertise; stop it with the returned server's Stop.
func startKapi(t *testing.T, etcd *embeddedetcd.Server, dataDir, advertise string) *testserver.Server {
	t.Helper()
	s, err := testserver.Start(context.Background(), testserver.Options{DataDir: dataDir, Args: []string{
		"--etcd-servers=" + etcd.ClientURLs()[0], "--advertise-address=" + advertise,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServiceAllocationAcrossServers(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	a := startKapi(t, etcd, "", "198.51.100.1")
	defer a.Stop()
	b := startKapi(t, etcd, "", "198.51.100.2")
	bStopped := false
	defer func() {
		if !bStopped {
			b.Stop()
		}
	}()
	clientA := kubernetes.NewForConfigOrDie(a.ClientConfig)
	clientB := kubernetes.NewForConfigOrDie(b.ClientConfig)
	createNamespace(t, clientA, "ha")

	expectDistinctAllocations(t, "ha", 50, clientA, clientB)

	// Both servers are in the kubernetes endpoints. They listen on different ports, so the endpoints
	// carry the port of whichever reconciled last; real deployments share one port.
	waitForKubernetesEndpoints(t, clientA, []string{"198.51.100.1", "198.51.100.2"}, 0)
	portA := serverPort(t, a.ClientConfig.Host)

	// A server that shuts down removes itself.
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	bStopped = true
	waitForKubernetesEndpoints(t, clientA, []string{"198.51.100.1"}, portA)

	// A server that vanishes without shutting down drops out when its lease expires.
	leases := leasesOn(t, etcd)
	if err := leases.Update(ctx, "198.51.100.9"); err != nil {
		t.Fatal(err)
	}
	waitForKubernetesEndpoints(t, clientA, []string{"198.51.100.1", "198.51.100.9"}, portA)
	waitForKubernetesEndpoints(t, clientA, []string{"198.51.100.1"}, portA)
}

// expectDistinctAllocations creates n NodePort Services at once in namespace, spread over clients,
// and checks that no cluster IP or node port was given twice.
func expectDistinctAllocations(t *testing.T, namespace string, n int, clients ...kubernetes.Interface) {
	t.Helper()
	ctx := context.Background()
	type result struct {
		name     string
		ip       string
		nodePort int32
		err      error
	}
	results := make(chan result, n)
	var wg sync.WaitGroup
	for i := range n {
		client := clients[i%len(clients)]
		wg.Go(func() {
			svc, err := client.CoreV1().Services(namespace).Create(ctx, nodePortService(fmt.Sprintf("svc-%d", i), 0), metav1.CreateOptions{})
			if err != nil {
				results <- result{err: err}
				return
			}
			results <- result{name: svc.Name, ip: svc.Spec.ClusterIP, nodePort: svc.Spec.Ports[0].NodePort}
		})
	}
	wg.Wait()
	close(results)
	ips, ports := map[string]string{}, map[int32]string{}
	for r := range results {
		if r.err != nil {
			t.Errorf("create: %v", r.err)
			continue
		}
		if other, dup := ips[r.ip]; dup {
			t.Errorf("cluster IP %s given to both %s and %s", r.ip, other, r.name)
		}
		if other, dup := ports[r.nodePort]; dup {
			t.Errorf("node port %d given to both %s and %s", r.nodePort, other, r.name)
		}
		ips[r.ip], ports[r.nodePort] = r.name, r.name
	}
	if len(ips) != n {
		t.Errorf("%d distinct IPs for %d services", len(ips), n)
	}
}

// leasesOn returns the API server leases stored in etcd, as a server that is not running kapi's
// controller would write them.
func leasesOn(t *testing.T, etcd *embeddedetcd.Server) *kubernetesservice.Leases {
	t.Helper()
	config := storagebackend.NewDefaultConfig("/registry", scheme.Codecs.LegacyCodec(corev1.SchemeGroupVersion))
	config.Transport.ServerList = etcd.ClientURLs()
	opts := generic.RESTOptions{StorageConfig: config.ForResource(corev1.Resource("endpoints"))}
	leases, destroy, err := kubernetesservice.NewLeases(opts, kubernetesservice.LeaseTTL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(destroy)
	return leases
}

func TestServiceAllocationsSurviveRestart(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	dataDir := t.TempDir()
	first := startKapi(t, etcd, dataDir, "198.51.100.1")
	client := kubernetes.NewForConfigOrDie(first.ClientConfig)
	createNamespace(t, client, "restart")
	svc := nodePortService("web", 30050)
	svc.Spec.ClusterIP = "10.0.0.50"
	if _, err := client.CoreV1().Services("restart").Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The bootstrap controller creates the kubernetes service once the server serves.
	var kube *corev1.Service
	eventually(t, func() error {
		var err error
		kube, err = client.CoreV1().Services(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		return err
	})
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	// Lose both allocations while no server runs: the repair at start must restore them.
	etcdClient := etcdClient(t, etcd)
	for _, key := range []string{"/registry/ipaddresses/10.0.0.50", "/registry/ranges/servicenodeports"} {
		resp, err := etcdClient.Delete(ctx, key)
		if err != nil || resp.Deleted != 1 {
			t.Fatalf("deleting %s: %v (deleted %v)", key, err, resp)
		}
	}

	second := startKapi(t, etcd, dataDir, "198.51.100.1")
	defer second.Stop()
	client = kubernetes.NewForConfigOrDie(second.ClientConfig)
	got, err := client.CoreV1().Services("restart").Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec.ClusterIP != "10.0.0.50" || got.Spec.Ports[0].NodePort != 30050 {
		t.Errorf("after restart: clusterIP %q nodePort %d", got.Spec.ClusterIP, got.Spec.Ports[0].NodePort)
	}
	again, err := client.CoreV1().Services(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.UID != kube.UID || again.Spec.ClusterIP != "10.0.0.1" {
		t.Errorf("kubernetes service after restart: uid %s clusterIP %s, want uid %s and 10.0.0.1", again.UID, again.Spec.ClusterIP, kube.UID)
	}

	dup := clusterIPService("dup-ip", "10.0.0.50")
	_, err = client.CoreV1().Services("restart").Create(ctx, dup, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.clusterIPs", "", "provided IP is already allocated")
	_, err = client.CoreV1().Services("restart").Create(ctx, nodePortService("dup-port", 30050), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.ports[0].nodePort", "", "provided port is already allocated")
}
