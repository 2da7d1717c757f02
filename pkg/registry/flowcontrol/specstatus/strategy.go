// Package specstatus holds the strategies FlowSchemas and PriorityLevelConfigurations share: users
// write the spec, the priority-and-fairness controller writes the status through its subresource, and
// the two resources differ only in how they are validated.
package specstatus

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "flowcontrol.apiserver.k8s.io/v1"

// Strategy is the create, update and delete behaviour of a flowcontrol resource whose objects of
// type T are checked by validate, and by validateUpdate on update.
type Strategy[T runtime.Object] struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
	validate       func(obj T) field.ErrorList
	validateUpdate func(obj, old T) field.ErrorList
}

// New returns the strategy of a cluster-scoped flowcontrol resource.
func New[T runtime.Object](validate func(obj T) field.ErrorList, validateUpdate func(obj, old T) field.ErrorList) Strategy[T] {
	return Strategy[T]{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: groupVersion}, validate, validateUpdate}
}

// PrepareForCreate drops the status, which the priority-and-fairness controller writes, and starts
// the generation at 1: the bootstrap ensurer reads generation 1 as "never edited".
func (Strategy[T]) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (Strategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepStatusForUpdate(obj, old)
}

// Validate checks a new object.
func (s Strategy[T]) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return s.validate(obj.(T))
}

// ValidateUpdate checks an updated object.
func (s Strategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return s.validateUpdate(obj.(T), old.(T))
}

// StatusStrategy is the update behaviour of the status subresource.
type StatusStrategy[T runtime.Object] struct {
	Strategy[T]
	basestrategy.KeepsSpecAndMetadataIn
	validateStatus func(obj T) field.ErrorList
}

// Status returns the strategy of the resource's status subresource, whose writes validateStatus
// checks.
func (s Strategy[T]) Status(validateStatus func(obj T) field.ErrorList) StatusStrategy[T] {
	return StatusStrategy[T]{s, basestrategy.KeepsSpecAndMetadataIn{GroupVersion: groupVersion}, validateStatus}
}

// PrepareForUpdate keeps the spec and the metadata, except the managed fields, which record the
// status writer's ownership.
func (StatusStrategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecAndMetadataForStatusUpdate(obj, old)
}

// ValidateUpdate checks a status write.
func (s StatusStrategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return s.validateStatus(obj.(T))
}
