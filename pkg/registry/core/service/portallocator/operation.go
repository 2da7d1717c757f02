package portallocator

import (
	"context"

	"k8s.io/klog/v2"
)

// Operation groups the node port changes of one service write: ports are reserved at once, so that a
// conflict fails the request, while releases wait for Commit, so that a failed write loses nothing.
// Revert gives back what the operation reserved. In dry-run, nothing is written.
type Operation struct {
	alloc     *Allocator
	dryRun    bool
	allocated []int
	release   []int
}

// StartOperation begins an operation on alloc.
func StartOperation(alloc *Allocator, dryRun bool) *Operation {
	return &Operation{alloc: alloc, dryRun: dryRun}
}

// Allocate reserves port. In dry-run it only checks that the port is in range and free.
func (op *Operation) Allocate(ctx context.Context, port int) error {
	if op.dryRun {
		if !op.alloc.portRange.Contains(port) {
			return &ErrNotInRange{ValidPorts: op.alloc.portRange.String()}
		}
		taken, err := op.alloc.Has(ctx, port)
		if err != nil {
			return err
		}
		if taken {
			return ErrAllocated
		}
		return nil
	}
	if err := op.alloc.Allocate(ctx, port); err != nil {
		return err
	}
	op.allocated = append(op.allocated, port)
	return nil
}

// AllocateNext reserves any free port. In dry-run it reserves nothing and returns the range's base,
// since the value is never stored.
func (op *Operation) AllocateNext(ctx context.Context) (int, error) {
	if op.dryRun {
		return op.alloc.portRange.Base, nil
	}
	port, err := op.alloc.AllocateNext(ctx)
	if err != nil {
		return 0, err
	}
	op.allocated = append(op.allocated, port)
	return port, nil
}

// ReleaseDeferred releases port when the operation commits.
func (op *Operation) ReleaseDeferred(port int) {
	op.release = append(op.release, port)
}

// Commit performs the deferred releases. A release that fails leaves a leak for the repair controller.
func (op *Operation) Commit(ctx context.Context) {
	if op.dryRun {
		return
	}
	for _, port := range op.release {
		if err := op.alloc.Release(ctx, port); err != nil {
			klog.ErrorS(err, "Releasing node port failed; the repair controller will free it", "port", port)
		}
	}
	op.release, op.allocated = nil, nil
}

// Revert gives back the ports the operation reserved and drops the deferred releases.
func (op *Operation) Revert(ctx context.Context) {
	if op.dryRun {
		return
	}
	for _, port := range op.allocated {
		if err := op.alloc.Release(ctx, port); err != nil {
			klog.ErrorS(err, "Releasing node port of a failed write failed; the repair controller will free it", "port", port)
		}
	}
	op.release, op.allocated = nil, nil
}
