package servicerepair

import (
	"context"
	"net/netip"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/client-go/kubernetes/fake"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	"github.com/kapi-dev/kapi/pkg/registry/core/service/ipallocator"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
)

// newAllocators returns the allocators of 10.0.0.0/24 and 30000-30099 over a fresh embedded etcd.
func newAllocators(t *testing.T) *servicestore.Allocators {
	t.Helper()
	etcd, err := embeddedetcd.Start(context.Background(), embeddedetcd.Config{DataDir: t.TempDir(), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(etcd.Stop)
	config := storagebackend.NewDefaultConfig("/registry", scheme.Codecs.LegacyCodec(corev1.SchemeGroupVersion, networkingv1.SchemeGroupVersion))
	config.Transport.ServerList = etcd.ClientURLs()
	alloc, destroy, err := servicestore.NewAllocators(generic.RESTOptions{StorageConfig: config.ForResource(corev1.Resource("services"))},
		netip.MustParsePrefix("10.0.0.0/24"), utilnet.PortRange{Base: 30000, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(destroy)
	return alloc
}

func nodePortService(name, ip string, port int32) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeNodePort, ClusterIP: ip, ClusterIPs: []string{ip},
			Ports: []corev1.ServicePort{{Port: 80, NodePort: port}},
		},
	}
}

func TestRepairRestoresLostAllocations(t *testing.T) {
	ctx := context.Background()
	alloc := newAllocators(t)
	client := fake.NewClientset(nodePortService("web", "10.0.0.7", 30007))
	if err := New(client, alloc, time.Hour).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := alloc.IPs[0].Allocate(ctx, nil, netip.MustParseAddr("10.0.0.7")); err != ipallocator.ErrAllocated {
		t.Errorf("allocating the service's IP after repair: %v, want already allocated", err)
	}
	if has, err := alloc.Ports.Has(ctx, 30007); err != nil || !has {
		t.Errorf("node port 30007 allocated after repair = %v, %v", has, err)
	}
}

func TestRepairFreesLeaks(t *testing.T) {
	ctx := context.Background()
	alloc := newAllocators(t)
	if err := alloc.Ports.Allocate(ctx, 30042); err != nil {
		t.Fatal(err)
	}
	leakedIP := netip.MustParseAddr("10.0.0.42")
	if err := alloc.IPs[0].Allocate(ctx, nodePortService("gone", "10.0.0.42", 0), leakedIP); err != nil {
		t.Fatal(err)
	}
	client := fake.NewClientset()

	// A young orphan IP and a port seen leaked fewer than three times are kept: they may belong to a
	// write in flight.
	young := New(client, alloc, time.Hour)
	for run := 1; run < leakedPortRuns; run++ {
		if err := young.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if has, _ := alloc.Ports.Has(ctx, 30042); !has {
			t.Fatalf("leaked port freed after %d passes", run)
		}
	}
	if items, _ := alloc.IPs[0].List(ctx); len(items) != 1 {
		t.Fatalf("young orphan IP deleted: %v", items)
	}
	if err := young.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if has, _ := alloc.Ports.Has(ctx, 30042); has {
		t.Errorf("port still allocated after %d passes", leakedPortRuns)
	}

	if err := New(client, alloc, 0).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if items, _ := alloc.IPs[0].List(ctx); len(items) != 0 {
		t.Errorf("orphan IP not released: %v", items)
	}
}
