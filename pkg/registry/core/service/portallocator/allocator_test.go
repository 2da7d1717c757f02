package portallocator

import (
	"context"
	"errors"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage/storagebackend"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
)

// newAllocator returns an allocator of portRange over a fresh embedded etcd, and a second one over
// the same etcd standing for another API server.
func newAllocators(t *testing.T, portRange string) (*Allocator, *Allocator) {
	t.Helper()
	etcd, err := embeddedetcd.Start(context.Background(), embeddedetcd.Config{DataDir: t.TempDir(), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(etcd.Stop)
	pr, err := utilnet.ParsePortRange(portRange)
	if err != nil {
		t.Fatal(err)
	}
	open := func() *Allocator {
		config := storagebackend.NewDefaultConfig("/registry", scheme.Codecs.LegacyCodec(corev1.SchemeGroupVersion))
		config.Transport.ServerList = etcd.ClientURLs()
		store, destroy, err := generic.NewRawStorage(config.ForResource(corev1.Resource("servicenodeportallocations")),
			func() runtime.Object { return &corev1.RangeAllocation{} }, nil, Key)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(destroy)
		return New(*pr, store)
	}
	return open(), open()
}

func TestAllocateAndRelease(t *testing.T) {
	ctx := context.Background()
	a, _ := newAllocators(t, "30000-30009")
	if err := a.Allocate(ctx, 30005); err != nil {
		t.Fatal(err)
	}
	if err := a.Allocate(ctx, 30005); !errors.Is(err, ErrAllocated) || err.Error() != "provided port is already allocated" {
		t.Errorf("second allocation: %v", err)
	}
	err := a.Allocate(ctx, 31000)
	if err == nil || err.Error() != "provided port is not in the valid range. The range of valid ports is 30000-30009" {
		t.Errorf("out of range: %v", err)
	}
	if err := a.Release(ctx, 30005); err != nil {
		t.Fatal(err)
	}
	if err := a.Allocate(ctx, 30005); err != nil {
		t.Errorf("allocating a released port: %v", err)
	}
}

func TestAllocateNextFillsTheRange(t *testing.T) {
	ctx := context.Background()
	a, _ := newAllocators(t, "30000-30009")
	seen := map[int]bool{}
	for i := 0; i < 10; i++ {
		port, err := a.AllocateNext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if port < 30000 || port > 30009 || seen[port] {
			t.Fatalf("AllocateNext returned %d, already seen: %v", port, seen[port])
		}
		seen[port] = true
	}
	if _, err := a.AllocateNext(ctx); !errors.Is(err, ErrFull) {
		t.Errorf("allocating from a full range: %v", err)
	}
}

func TestConcurrentAllocatorsShareTheBitmap(t *testing.T) {
	ctx := context.Background()
	a, b := newAllocators(t, "30000-30039")
	var mu sync.Mutex
	seen := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		alloc := a
		if i%2 == 1 {
			alloc = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			port, err := alloc.AllocateNext(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			seen[port]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	for port, n := range seen {
		if n > 1 {
			t.Errorf("port %d handed out %d times", port, n)
		}
	}
	if len(seen) != 40 {
		t.Errorf("%d distinct ports, want 40", len(seen))
	}
}

func TestBitmapBytesMatchKubeAPIServer(t *testing.T) {
	// Offsets 0 and 9 set: bits 0 and 9 of a big-endian integer, 0x0201.
	b := newBitmap(10, nil)
	b.set(0)
	b.set(9)
	if got := b.bytes(); len(got) != 2 || got[0] != 0x02 || got[1] != 0x01 {
		t.Errorf("bytes = %x, want 0201", got)
	}
	if restored := newBitmap(10, b.bytes()); !restored.has(0) || !restored.has(9) || restored.count() != 2 {
		t.Error("bitmap does not survive a round trip")
	}
}

func TestOperationRevertAndCommit(t *testing.T) {
	ctx := context.Background()
	a, _ := newAllocators(t, "30000-30009")
	if err := a.Allocate(ctx, 30001); err != nil {
		t.Fatal(err)
	}
	op := StartOperation(a, false)
	if err := op.Allocate(ctx, 30002); err != nil {
		t.Fatal(err)
	}
	op.ReleaseDeferred(30001)
	op.Revert(ctx)
	if has, _ := a.Has(ctx, 30002); has {
		t.Error("reverted allocation is still held")
	}
	if has, _ := a.Has(ctx, 30001); !has {
		t.Error("deferred release happened on revert")
	}

	op = StartOperation(a, false)
	op.ReleaseDeferred(30001)
	op.Commit(ctx)
	if has, _ := a.Has(ctx, 30001); has {
		t.Error("deferred release did not happen on commit")
	}

	dry := StartOperation(a, true)
	if err := dry.Allocate(ctx, 30003); err != nil {
		t.Fatal(err)
	}
	dry.Commit(ctx)
	if has, _ := a.Has(ctx, 30003); has {
		t.Error("dry-run allocation was stored")
	}
}

func TestLowerBand(t *testing.T) {
	for size, want := range map[int]int{10: 0, 16: 0, 17: 16, 2768: 86, 10000: 128} {
		if got := lowerBand(size); got != want {
			t.Errorf("lowerBand(%d) = %d, want %d", size, got, want)
		}
	}
}

// count is the number of allocated offsets inside the range.
func (b *bitmap) count() int {
	n := 0
	for i := 0; i < b.size; i++ {
		n += int(b.bits.Bit(i))
	}
	return n
}
