// Package rbac holds what the four rbac.authorization.k8s.io resources' strategies share: none has a
// status or spec/status split, all accept creation through PUT (as `kubectl auth reconcile` needs) and
// unconditional updates.
package rbac

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage/names"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// BaseStrategy is the behaviour common to roles and bindings; each resource adds its validation.
type BaseStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
	namespaced bool
}

// NewBaseStrategy returns the shared behaviour for a namespaced or cluster-scoped resource.
func NewBaseStrategy(namespaced bool) BaseStrategy {
	return BaseStrategy{ObjectTyper: scheme.Scheme, NameGenerator: names.SimpleNameGenerator, namespaced: namespaced}
}

// NamespaceScoped says whether the resource lives in namespaces.
func (s BaseStrategy) NamespaceScoped() bool { return s.namespaced }

// PrepareForCreate does nothing: every field is the user's.
func (BaseStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field is the user's.
func (BaseStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Canonicalize does nothing.
func (BaseStrategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is true: a PUT to a missing role or binding creates it.
func (BaseStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (BaseStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }

// WarningsOnCreate returns no warnings.
func (BaseStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

// WarningsOnUpdate returns no warnings.
func (BaseStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
