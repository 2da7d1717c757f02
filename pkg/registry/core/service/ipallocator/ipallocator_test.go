package ipallocator

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage/storagebackend"

	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
)

// newAllocators returns two allocators of cidr over one fresh embedded etcd, standing for two API servers.
func newAllocators(t *testing.T, cidr string) (*Allocator, *Allocator) {
	t.Helper()
	etcd, err := embeddedetcd.Start(context.Background(), embeddedetcd.Config{DataDir: t.TempDir(), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(etcd.Stop)
	open := func() *Allocator {
		config := storagebackend.NewDefaultConfig("/registry", scheme.Codecs.LegacyCodec(networkingv1.SchemeGroupVersion))
		config.Transport.ServerList = etcd.ClientURLs()
		store, destroy, err := generic.NewRawStorage(config.ForResource(networkingv1.Resource("ipaddresses")),
			func() runtime.Object { return &networkingv1.IPAddress{} },
			func() runtime.Object { return &networkingv1.IPAddressList{} }, Key)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(destroy)
		a, err := New(netip.MustParsePrefix(cidr), store)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	return open(), open()
}

func svc(name string) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name}}
}

func TestAllocateRecordsTheService(t *testing.T) {
	ctx := context.Background()
	a, _ := newAllocators(t, "10.0.0.0/24")
	ip := netip.MustParseAddr("10.0.0.5")
	if err := a.Allocate(ctx, svc("web"), ip); err != nil {
		t.Fatal(err)
	}
	if err := a.Allocate(ctx, svc("other"), ip); !errors.Is(err, ErrAllocated) || err.Error() != "provided IP is already allocated" {
		t.Errorf("second allocation: %v", err)
	}
	items, err := a.List(ctx)
	if err != nil || len(items) != 1 {
		t.Fatalf("list = %v, %v", items, err)
	}
	got := items[0]
	want := networkingv1.ParentReference{Resource: "services", Namespace: "ns", Name: "web"}
	if got.Name != "10.0.0.5" || got.Spec.ParentRef == nil || *got.Spec.ParentRef != want ||
		got.Labels[networkingv1.LabelIPAddressFamily] != "IPv4" || got.Labels[networkingv1.LabelManagedBy] != ControllerName || got.UID == "" {
		t.Errorf("stored IPAddress = %+v", got)
	}
	if err := a.Release(ctx, ip); err != nil {
		t.Fatal(err)
	}
	if err := a.Release(ctx, ip); err != nil {
		t.Errorf("releasing a free IP: %v", err)
	}
	if err := a.Allocate(ctx, svc("other"), ip); err != nil {
		t.Errorf("allocating a released IP: %v", err)
	}
}

func TestCheck(t *testing.T) {
	a, _ := newAllocators(t, "10.0.0.0/24")
	tests := map[string]string{
		"10.0.0.1":   "",
		"10.0.0.254": "",
		"10.0.0.0":   "the provided IP (10.0.0.0) is not in the valid range. The range of valid IPs is 10.0.0.0/24",
		"10.0.0.255": "the provided IP (10.0.0.255) is not in the valid range. The range of valid IPs is 10.0.0.0/24",
		"10.0.1.1":   "the provided network does not match the current range",
	}
	for ip, want := range tests {
		err := a.Check(netip.MustParseAddr(ip))
		if (err == nil && want != "") || (err != nil && err.Error() != want) {
			t.Errorf("Check(%s) = %v, want %q", ip, err, want)
		}
	}
}

func TestAllocateNextPrefersTheUpperBandAndFills(t *testing.T) {
	ctx := context.Background()
	a, b := newAllocators(t, "10.0.0.0/27")
	// A /27 has 30 usable addresses; the lowest 16 are reserved for requests until the rest run out.
	var mu sync.Mutex
	seen := map[netip.Addr]bool{}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		alloc := a
		if i%2 == 1 {
			alloc = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ip, err := alloc.AllocateNext(ctx, svc("s"))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[ip] {
				t.Errorf("%s handed out twice", ip)
			}
			seen[ip] = true
		}()
	}
	wg.Wait()
	if len(seen) != 30 {
		t.Errorf("%d distinct IPs, want 30", len(seen))
	}
	if _, err := a.AllocateNext(ctx, svc("s")); !errors.Is(err, ErrFull) {
		t.Errorf("allocating from a full range: %v", err)
	}
}

func TestAllocateNextUsesUpperBandFirst(t *testing.T) {
	ctx := context.Background()
	a, _ := newAllocators(t, "10.0.0.0/24")
	for i := 0; i < 20; i++ {
		ip, err := a.AllocateNext(ctx, svc("s"))
		if err != nil {
			t.Fatal(err)
		}
		if ip.Compare(netip.MustParseAddr("10.0.0.17")) < 0 {
			t.Errorf("dynamic allocation took %s from the reserved lower band", ip)
		}
	}
}

func TestNewRejectsShortIPv6Prefixes(t *testing.T) {
	if _, err := New(netip.MustParsePrefix("fd00::/48"), nil); err == nil {
		t.Error("a /48 IPv6 service range was accepted")
	}
	a, err := New(netip.MustParsePrefix("fd00::/108"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Family() != corev1.IPv6Protocol || a.Check(netip.MustParseAddr("fd00::f:ffff")) != nil {
		t.Error("the last address of an IPv6 range is not allocatable")
	}
}

func TestReservedBand(t *testing.T) {
	for cidr, want := range map[string]int{"10.0.0.0/28": 0, "10.0.0.0/27": 16, "10.0.0.0/24": 16, "10.0.0.0/20": 256, "10.0.0.0/12": 256, "fd00::/64": 256} {
		if got := reservedBand(netip.MustParsePrefix(cidr)); got != want {
			t.Errorf("reservedBand(%s) = %d, want %d", cidr, got, want)
		}
	}
}

func TestFamilyOf(t *testing.T) {
	tests := []struct {
		addr netip.Addr
		want corev1.IPFamily
	}{
		{netip.MustParseAddr("10.0.0.1"), corev1.IPv4Protocol},
		{netip.MustParseAddr("fd00::1"), corev1.IPv6Protocol},
		{netip.MustParseAddr("::ffff:10.0.0.1"), corev1.IPv6Protocol},
		{netip.MustParseAddr("::ffff:10.0.0.1").Unmap(), corev1.IPv4Protocol},
		{netip.Addr{}, corev1.IPFamilyUnknown},
	}
	for _, tt := range tests {
		if got := FamilyOf(tt.addr); got != tt.want {
			t.Errorf("FamilyOf(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
