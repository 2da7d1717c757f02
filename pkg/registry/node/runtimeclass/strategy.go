// Package runtimeclass implements the strategy and table columns of node.k8s.io/v1 RuntimeClasses.
package runtimeclass

import (
	"context"

	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/node/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of RuntimeClasses.
var Strategy = strategy{basestrategy.ClusterScoped}

// AllowCreateOnUpdate is true: as in kube-apiserver, a PUT may create a RuntimeClass.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// AllowUnconditionalUpdate is false: an update must carry the resourceVersion it read.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// PrepareForCreate does nothing: RuntimeClasses have no status and no generation.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: RuntimeClasses have no status and no generation.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new RuntimeClass.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateRuntimeClass(obj.(*nodev1.RuntimeClass))
}

// WarningsOnCreate flags deprecated node labels in the class's node selector.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return warnings(obj.(*nodev1.RuntimeClass))
}

// WarningsOnUpdate flags deprecated node labels in the class's node selector.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warnings(obj.(*nodev1.RuntimeClass))
}

// ValidateUpdate checks an updated RuntimeClass as a whole, then the change.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	rc := obj.(*nodev1.RuntimeClass)
	return append(validation.ValidateRuntimeClass(rc), validation.ValidateRuntimeClassUpdate(rc, old.(*nodev1.RuntimeClass))...)
}
