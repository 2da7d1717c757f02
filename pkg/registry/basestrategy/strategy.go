// Package basestrategy holds the parts of a registry strategy that most resources share, for a resource's
// own strategy to embed. A resource overrides any of them by declaring the method itself.
package basestrategy

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage/names"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// Base is what most strategies do: types from the project's scheme, names generated from
// metadata.generateName, no canonical form, no warnings, no create through PUT and updates
// accepted without a resourceVersion.
type Base struct {
	runtime.ObjectTyper
	names.NameGenerator
	namespaced bool
}

// Namespaced is the Base of a resource that lives in a namespace.
var Namespaced = Base{ObjectTyper: scheme.Scheme, NameGenerator: names.SimpleNameGenerator, namespaced: true}

// ClusterScoped is the Base of a resource that lives outside namespaces.
var ClusterScoped = Base{ObjectTyper: scheme.Scheme, NameGenerator: names.SimpleNameGenerator}

// NamespaceScoped says whether the resource lives in a namespace.
func (b Base) NamespaceScoped() bool { return b.namespaced }

// Canonicalize does nothing: the resource has no equivalent spellings to normalize.
func (Base) Canonicalize(obj runtime.Object) {}

// WarningsOnCreate returns no warnings.
func (Base) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

// WarningsOnUpdate returns no warnings.
func (Base) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string { return nil }

// AllowCreateOnUpdate is false: a PUT to a missing object is a 404.
func (Base) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (Base) AllowUnconditionalUpdate(ctx context.Context) bool { return true }
