package basestrategy

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	fieldvalidation "k8s.io/apimachinery/pkg/util/validation/field"
)

// Generational is the strategy of a resource without status whose generation counts the changes of
// its desired state, such as webhook configurations and admission policies.
type Generational[T interface {
	runtime.Object
	metav1.Object
}] struct {
	Base
	// Desired returns what counts as a change: the spec, or the webhooks of a configuration.
	Desired func(T) any
	// ValidateNew checks a new object.
	ValidateNew func(T) fieldvalidation.ErrorList
	// ValidateChange checks an update.
	ValidateChange func(obj, old T) fieldvalidation.ErrorList
}

// PrepareForCreate starts the generation at 1.
func (g Generational[T]) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(T).SetGeneration(1)
}

// PrepareForUpdate bumps the generation when the desired state changes.
func (g Generational[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	BumpGenerationOnSpecChange(obj.(T), old.(T), g.Desired(obj.(T)), g.Desired(old.(T)))
}

// Validate checks a new object.
func (g Generational[T]) Validate(ctx context.Context, obj runtime.Object) fieldvalidation.ErrorList {
	return g.ValidateNew(obj.(T))
}

// ValidateUpdate checks an update.
func (g Generational[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) fieldvalidation.ErrorList {
	return g.ValidateChange(obj.(T), old.(T))
}
