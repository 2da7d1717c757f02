// Package controllerrevision implements the strategy and table columns of the apps/v1
// controllerrevisions resource.
package controllerrevision

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/apps/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of controller revisions, which have no
// status and whose writes are taken as they come.
var Strategy = strategy{Base: basestrategy.Namespaced}

// PrepareForCreate leaves the revision as written.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate leaves the revision as written.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new controller revision.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateControllerRevision(obj.(*appsv1.ControllerRevision))
}

// ValidateUpdate checks an update of a controller revision.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateControllerRevisionUpdate(obj.(*appsv1.ControllerRevision), old.(*appsv1.ControllerRevision))
}
