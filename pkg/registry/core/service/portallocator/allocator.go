package portallocator

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/storage"
)

// Key is where, below the storage prefix, kube-apiserver keeps the node port bitmap.
const Key = "/ranges/servicenodeports"

var (
	// ErrFull means every port of the range is allocated.
	ErrFull = errors.New("range is full")
	// ErrAllocated means the requested port belongs to another service.
	ErrAllocated = errors.New("provided port is already allocated")
	// ErrNotReady means the stored bitmap describes another range; the repair controller rewrites it.
	ErrNotReady = errors.New("cannot allocate resources of type servicenodeportallocations at this time")
)

// ErrNotInRange is the error for a requested port outside the range.
type ErrNotInRange struct {
	ValidPorts string
}

func (e *ErrNotInRange) Error() string {
	return fmt.Sprintf("provided port is not in the valid range. The range of valid ports is %s", e.ValidPorts)
}

// Allocator allocates node ports from one range, keeping the bitmap in storage.
type Allocator struct {
	portRange utilnet.PortRange
	storage   storage.Interface
}

// New returns an allocator for portRange over store, whose keys must include Key.
func New(portRange utilnet.PortRange, store storage.Interface) *Allocator {
	return &Allocator{portRange: portRange, storage: store}
}

// Range is the range this allocator hands ports out of.
func (a *Allocator) Range() utilnet.PortRange { return a.portRange }

// Allocate reserves port.
func (a *Allocator) Allocate(ctx context.Context, port int) error {
	if !a.portRange.Contains(port) {
		return &ErrNotInRange{ValidPorts: a.portRange.String()}
	}
	return a.update(ctx, func(b *bitmap) error {
		offset := port - a.portRange.Base
		if b.has(offset) {
			return ErrAllocated
		}
		b.set(offset)
		return nil
	})
}

// AllocateNext reserves a free port and returns it.
func (a *Allocator) AllocateNext(ctx context.Context) (int, error) {
	var port int
	err := a.update(ctx, func(b *bitmap) error {
		offset, ok := b.free(lowerBand(a.portRange.Size))
		if !ok {
			return ErrFull
		}
		b.set(offset)
		port = a.portRange.Base + offset
		return nil
	})
	return port, err
}

// Release frees port. Releasing a free port or one outside the range does nothing.
func (a *Allocator) Release(ctx context.Context, port int) error {
	if !a.portRange.Contains(port) {
		return nil
	}
	return a.update(ctx, func(b *bitmap) error {
		b.clear(port - a.portRange.Base)
		return nil
	})
}

// Has reports whether port is allocated.
func (a *Allocator) Has(ctx context.Context, port int) (bool, error) {
	if !a.portRange.Contains(port) {
		return false, nil
	}
	stored := &corev1.RangeAllocation{}
	if err := a.storage.Get(ctx, Key, storage.GetOptions{IgnoreNotFound: true}, stored); err != nil {
		return false, err
	}
	if stored.Range != "" && stored.Range != a.portRange.String() {
		return false, ErrNotReady
	}
	return newBitmap(a.portRange.Size, stored.Data).has(port - a.portRange.Base), nil
}

// update applies change to the stored bitmap as one compare-and-swap, retried on conflicts with other
// writers. A missing bitmap starts empty.
func (a *Allocator) update(ctx context.Context, change func(*bitmap) error) error {
	return a.storage.GuaranteedUpdate(ctx, Key, &corev1.RangeAllocation{}, true, nil,
		func(input runtime.Object, _ storage.ResponseMeta) (runtime.Object, *uint64, error) {
			stored := input.(*corev1.RangeAllocation)
			if stored.Range != "" && stored.Range != a.portRange.String() {
				return nil, nil, ErrNotReady
			}
			b := newBitmap(a.portRange.Size, stored.Data)
			if err := change(b); err != nil {
				return nil, nil, err
			}
			stored.Range = a.portRange.String()
			stored.Data = b.bytes()
			return stored, nil, nil
		}, nil)
}

// Rebuild rewrites the stored bitmap in one compare-and-swap: decide gets the ports currently marked
// allocated (in range) and returns the ports that should be. A bitmap of another range is replaced.
func (a *Allocator) Rebuild(ctx context.Context, decide func(allocated []int) []int) error {
	return a.storage.GuaranteedUpdate(ctx, Key, &corev1.RangeAllocation{}, true, nil,
		func(input runtime.Object, _ storage.ResponseMeta) (runtime.Object, *uint64, error) {
			stored := input.(*corev1.RangeAllocation)
			var allocated []int
			if stored.Range == a.portRange.String() {
				old := newBitmap(a.portRange.Size, stored.Data)
				for i := 0; i < a.portRange.Size; i++ {
					if old.has(i) {
						allocated = append(allocated, a.portRange.Base+i)
					}
				}
			}
			b := newBitmap(a.portRange.Size, nil)
			for _, port := range decide(allocated) {
				if a.portRange.Contains(port) {
					b.set(port - a.portRange.Base)
				}
			}
			stored.Range = a.portRange.String()
			stored.Data = b.bytes()
			return stored, nil, nil
		}, nil)
}
