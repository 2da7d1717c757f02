// Package flowschema implements the strategies and table columns of flowcontrol.apiserver.k8s.io/v1
// FlowSchemas, which sort requests into priority levels.
package flowschema

import (
	"context"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/flowcontrol/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "flowcontrol.apiserver.k8s.io/v1"

type strategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of FlowSchemas.
var Strategy = strategy{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: groupVersion}}

// PrepareForCreate drops the status, which the priority-and-fairness controller writes, and starts
// the generation at 1: the bootstrap ensurer reads generation 1 as "never edited".
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepStatusForUpdate(obj, old)
}

// Validate checks a new FlowSchema.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateFlowSchema(obj.(*flowcontrolv1.FlowSchema))
}

// ValidateUpdate checks an updated FlowSchema.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateFlowSchemaUpdate(obj.(*flowcontrolv1.FlowSchema), old.(*flowcontrolv1.FlowSchema))
}

type statusStrategy struct {
	strategy
	basestrategy.KeepsSpecAndMetadataIn
}

// StatusStrategy is the update behaviour of flowschemas/status.
var StatusStrategy = statusStrategy{Strategy, basestrategy.KeepsSpecAndMetadataIn{GroupVersion: groupVersion}}

// PrepareForUpdate keeps the spec and the metadata, except the managed fields, which record the
// status writer's ownership.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecAndMetadataForStatusUpdate(obj, old)
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateFlowSchemaStatus(&obj.(*flowcontrolv1.FlowSchema).Status, field.NewPath("status"))
}
