// Package rbac holds what the four rbac.authorization.k8s.io resources' strategies share: none has a
// status or spec/status split, all accept creation through PUT (as `kubectl auth reconcile` needs) and
// unconditional updates.
package rbac

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// BaseStrategy is the behaviour common to roles and bindings; each resource adds its validation.
type BaseStrategy struct{ basestrategy.Base }

// NewBaseStrategy returns the shared behaviour for a namespaced or cluster-scoped resource.
func NewBaseStrategy(namespaced bool) BaseStrategy {
	if namespaced {
		return BaseStrategy{basestrategy.Namespaced}
	}
	return BaseStrategy{basestrategy.ClusterScoped}
}

// PrepareForCreate does nothing: every field is the user's.
func (BaseStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field is the user's.
func (BaseStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// AllowCreateOnUpdate is true: a PUT to a missing role or binding creates it.
func (BaseStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }
