// Package ipallocator hands out service cluster IPs from --service-cluster-ip-range. Like kube-apiserver
// v1.37 (MultiCIDRServiceAllocator GA, no bitmap dual-write), each allocated IP is a networking.k8s.io/v1
// IPAddress object named after the address, stored at /registry/ipaddresses/<ip>; allocating is creating
// that object, which etcd refuses if it exists, so several API servers sharing an etcd never hand out the
// same IP.
package ipallocator

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"path"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
)

const (
	// Key is where, below the storage prefix, kube-apiserver keeps IPAddress objects.
	Key = "/ipaddresses"
	// ControllerName marks the IPAddress objects the service allocator manages.
	ControllerName = "ipallocator.k8s.io"
)

var (
	// ErrFull means every address of the range is allocated.
	ErrFull = errors.New("range is full")
	// ErrAllocated means the requested address belongs to another object.
	ErrAllocated = errors.New("provided IP is already allocated")
	// ErrMismatchedNetwork means the requested address is in no service CIDR.
	ErrMismatchedNetwork = errors.New("the provided network does not match the current range")
)

// ErrNotInRange is the error for an address inside the CIDR that services cannot have: the network
// address, and the broadcast address of an IPv4 range.
type ErrNotInRange struct {
	IP         netip.Addr
	ValidRange string
}

func (e *ErrNotInRange) Error() string {
	return fmt.Sprintf("the provided IP (%v) is not in the valid range. The range of valid IPs is %s", e.IP, e.ValidRange)
}

// Allocator allocates the addresses of one service CIDR.
type Allocator struct {
	prefix      netip.Prefix
	first, last netip.Addr
	// upper is the first address of the band dynamic allocation prefers (KEP-3070): the addresses
	// below it stay mostly free for the ones users request by value.
	upper   netip.Addr
	storage storage.Interface
}

// New returns an allocator for cidr over store, whose keys must include Key.
func New(cidr netip.Prefix, store storage.Interface) (*Allocator, error) {
	cidr = cidr.Masked()
	if cidr.Addr().Is6() && cidr.Bits() < 64 {
		return nil, fmt.Errorf("shortest allowed prefix length for service CIDR is 64, got %d", cidr.Bits())
	}
	first := cidr.Addr().Next()
	last := lastAddress(cidr)
	if cidr.Addr().Is4() {
		last = last.Prev()
	}
	if !first.IsValid() || !last.IsValid() || last.Less(first) {
		return nil, fmt.Errorf("service CIDR %s has no usable addresses", cidr)
	}
	upper := addOffset(first, uint64(reservedBand(cidr)))
	return &Allocator{prefix: cidr, first: first, last: last, upper: upper, storage: store}, nil
}

// CIDR is the range this allocator hands addresses out of.
func (a *Allocator) CIDR() netip.Prefix { return a.prefix }

// Family is the IP family of the range.
func (a *Allocator) Family() corev1.IPFamily { return FamilyOf(a.prefix.Addr()) }

// FamilyOf returns the IP family of addr, and IPFamilyUnknown for the zero Addr, which is what a
// failed parse leaves. An IPv4-mapped IPv6 address counts as IPv6: callers that mean the IPv4
// address unmap it first.
func FamilyOf(addr netip.Addr) corev1.IPFamily {
	switch {
	case addr.Is4():
		return corev1.IPv4Protocol
	case addr.Is6():
		return corev1.IPv6Protocol
	}
	return corev1.IPFamilyUnknown
}

// Check reports whether ip could be allocated from this range, without reserving it.
func (a *Allocator) Check(ip netip.Addr) error {
	ip = ip.Unmap()
	if !a.prefix.Contains(ip) {
		return ErrMismatchedNetwork
	}
	if ip.Less(a.first) || a.last.Less(ip) {
		return &ErrNotInRange{IP: ip, ValidRange: a.prefix.String()}
	}
	return nil
}

// Allocate reserves ip for svc.
func (a *Allocator) Allocate(ctx context.Context, svc *corev1.Service, ip netip.Addr) error {
	ip = ip.Unmap()
	if err := a.Check(ip); err != nil {
		return err
	}
	return a.create(ctx, svc, ip)
}

// AllocateNext reserves a free address for svc: from a random start in the upper band, then in the
// lower one. An address another server takes between the listing and the creation is skipped.
func (a *Allocator) AllocateNext(ctx context.Context, svc *corev1.Service) (netip.Addr, error) {
	taken, err := a.allocatedSet(ctx)
	if err != nil {
		return netip.Addr{}, err
	}
	for _, band := range [][2]netip.Addr{{a.upper, a.last}, {a.first, a.upper.Prev()}} {
		if !band[0].IsValid() || !band[1].IsValid() || band[1].Less(band[0]) {
			continue
		}
		ip, err := a.allocateIn(ctx, svc, band[0], band[1], taken)
		if !errors.Is(err, ErrFull) {
			return ip, err
		}
	}
	return netip.Addr{}, ErrFull
}

func (a *Allocator) allocateIn(ctx context.Context, svc *corev1.Service, from, to netip.Addr, taken map[netip.Addr]bool) (netip.Addr, error) {
	size := distance(from, to) + 1
	start := addOffset(from, randUint64(size))
	ip := start
	for {
		if !taken[ip] {
			err := a.create(ctx, svc, ip)
			if err == nil {
				return ip, nil
			}
			if !errors.Is(err, ErrAllocated) {
				return netip.Addr{}, err
			}
		}
		if ip == to {
			ip = from
		} else {
			ip = ip.Next()
		}
		if ip == start {
			return netip.Addr{}, ErrFull
		}
	}
}

// Release frees ip. Releasing a free address does nothing.
func (a *Allocator) Release(ctx context.Context, ip netip.Addr) error {
	err := a.storage.Delete(ctx, path.Join(Key, ip.Unmap().String()), &networkingv1.IPAddress{}, nil, rest.ValidateAllObjectFunc, nil, storage.DeleteOptions{})
	if storage.IsNotFound(err) {
		return nil
	}
	return err
}

// List returns every IPAddress object, whoever manages it.
func (a *Allocator) List(ctx context.Context) ([]networkingv1.IPAddress, error) {
	list := &networkingv1.IPAddressList{}
	err := a.storage.GetList(ctx, Key, storage.ListOptions{Predicate: storage.Everything, Recursive: true}, list)
	return list.Items, err
}

// Create stores ipAddress as it is; the repair controller uses it to restore a lost allocation.
func (a *Allocator) Create(ctx context.Context, ipAddress *networkingv1.IPAddress) error {
	err := a.storage.Create(ctx, path.Join(Key, ipAddress.Name), ipAddress, nil, 0)
	if storage.IsExist(err) {
		return ErrAllocated
	}
	return err
}

func (a *Allocator) create(ctx context.Context, svc *corev1.Service, ip netip.Addr) error {
	return a.Create(ctx, NewIPAddress(ip, svc))
}

// NewIPAddress returns the IPAddress object that records ip as allocated to svc, labelled like
// kube-apiserver's.
func NewIPAddress(ip netip.Addr, svc *corev1.Service) *networkingv1.IPAddress {
	obj := &networkingv1.IPAddress{
		ObjectMeta: metav1.ObjectMeta{
			Name:              ip.String(),
			UID:               uuid.NewUUID(),
			CreationTimestamp: metav1.Now(),
			Labels: map[string]string{
				networkingv1.LabelIPAddressFamily: string(FamilyOf(ip)),
				networkingv1.LabelManagedBy:       ControllerName,
			},
		},
	}
	if svc != nil {
		obj.Spec.ParentRef = &networkingv1.ParentReference{Group: "", Resource: "services", Namespace: svc.Namespace, Name: svc.Name}
	}
	return obj
}

func (a *Allocator) allocatedSet(ctx context.Context) (map[netip.Addr]bool, error) {
	items, err := a.List(ctx)
	if err != nil {
		return nil, err
	}
	taken := make(map[netip.Addr]bool, len(items))
	for _, item := range items {
		if ip, err := netip.ParseAddr(item.Name); err == nil {
			taken[ip] = true
		}
	}
	return taken, nil
}

// reservedBand is the number of addresses at the start of the range that dynamic allocation uses last:
// a 16th of the range, at least 16 and at most 256, and none for ranges of 16 addresses or fewer.
func reservedBand(cidr netip.Prefix) int {
	const minBand, maxBand, step = 16, 256, 16
	hostBits := cidr.Addr().BitLen() - cidr.Bits()
	if hostBits >= 16 {
		return maxBand
	}
	size := 1 << hostBits
	if size <= minBand {
		return 0
	}
	return min(max(size/step, minBand), maxBand)
}

func lastAddress(cidr netip.Prefix) netip.Addr {
	b := cidr.Addr().AsSlice()
	for i := cidr.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	addr, _ := netip.AddrFromSlice(b)
	return addr
}

func toInt(ip netip.Addr) *big.Int { return new(big.Int).SetBytes(ip.AsSlice()) }

func distance(from, to netip.Addr) uint64 {
	d := new(big.Int).Sub(toInt(to), toInt(from))
	if !d.IsUint64() {
		return 1<<64 - 2
	}
	return d.Uint64()
}

func addOffset(ip netip.Addr, offset uint64) netip.Addr {
	sum := new(big.Int).Add(toInt(ip), new(big.Int).SetUint64(offset))
	b := make([]byte, len(ip.AsSlice()))
	sum.FillBytes(b)
	addr, _ := netip.AddrFromSlice(b)
	return addr
}

func randUint64(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	return rand.Uint64N(n)
}
