// Package portallocator hands out service node ports from --service-node-port-range. Allocations live in
// one RangeAllocation object at /registry/ranges/servicenodeports, a bitmap kube-apiserver reads and
// writes the same way, and every change is a compare-and-swap on that key, so several API servers sharing
// an etcd never hand out the same port.
package portallocator

import (
	"math/big"
	"math/rand/v2"
)

// bitmap is the set of allocated offsets in a range: bit i stands for the range's base + i. Its bytes
// (big-endian, leading zeros dropped) are the RangeAllocation's data, as kube-apiserver stores it.
type bitmap struct {
	bits *big.Int
	size int
}

func newBitmap(size int, data []byte) *bitmap {
	return &bitmap{bits: new(big.Int).SetBytes(data), size: size}
}

func (b *bitmap) has(offset int) bool { return b.bits.Bit(offset) == 1 }

func (b *bitmap) set(offset int) { b.bits.SetBit(b.bits, offset, 1) }

func (b *bitmap) clear(offset int) { b.bits.SetBit(b.bits, offset, 0) }

func (b *bitmap) bytes() []byte { return b.bits.Bytes() }

// free returns a free offset, or false if the range is full. Like kube-apiserver (KEP-3668), it looks in
// the upper band first, from a random start, so that the lower band stays mostly free for the ports that
// users request by number.
func (b *bitmap) free(lowerBand int) (int, bool) {
	if offset, ok := b.freeIn(lowerBand, b.size); ok {
		return offset, true
	}
	return b.freeIn(0, lowerBand)
}

func (b *bitmap) freeIn(from, to int) (int, bool) {
	n := to - from
	if n <= 0 {
		return 0, false
	}
	start := rand.IntN(n)
	for i := 0; i < n; i++ {
		offset := from + (start+i)%n
		if !b.has(offset) {
			return offset, true
		}
	}
	return 0, false
}

// lowerBand is the size of the band reserved for requested ports: a 32nd of the range, at least 16 and at
// most 128 ports, and none for ranges of 16 ports or fewer.
func lowerBand(size int) int {
	const minBand, maxBand, step = 16, 128, 32
	if size <= minBand {
		return 0
	}
	return min(max(size/step, minBand), maxBand)
}
