// Package limitrange implements the strategy and table columns of the limitranges resource.
package limitrange

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of limit ranges.
var Strategy = strategy{basestrategy.Namespaced}

// PrepareForCreate names an unnamed limit range with a random UUID, as upstream does, even one
// that asked for a generated name.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	lr := obj.(*corev1.LimitRange)
	if lr.Name == "" {
		lr.Name = string(uuid.NewUUID())
	}
}

// PrepareForUpdate does nothing: every field of a limit range is the client's.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new limit range.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateLimitRange(obj.(*corev1.LimitRange))
}

// AllowCreateOnUpdate is true: a PUT creates a missing limit range, as upstream allows.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// ValidateUpdate checks the updated limit range as a whole; nothing in it is immutable.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateLimitRange(obj.(*corev1.LimitRange))
}
