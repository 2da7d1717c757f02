// Package lease implements the strategy and table columns of coordination.k8s.io/v1 leases, which
// leader election, node heartbeats and API server identity are built on.
package lease

import (
	"context"

	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/coordination/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of leases.
var Strategy = strategy{basestrategy.Namespaced}

// PrepareForCreate does nothing: every field of a lease is its holder's.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field of a lease is its holder's.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new lease.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateLease(obj.(*coordinationv1.Lease))
}

// AllowCreateOnUpdate is true: a PUT creates a missing lease, as upstream allows.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// ValidateUpdate checks an update of a lease.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateLeaseUpdate(obj.(*coordinationv1.Lease), old.(*coordinationv1.Lease))
}

// AllowUnconditionalUpdate is false: a lease update must name the resourceVersion it read, which is
// what keeps two candidates from both taking the lease.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }
