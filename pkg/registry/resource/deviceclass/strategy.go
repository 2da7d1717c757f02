// Package deviceclass implements the strategy and table columns of resource.k8s.io/v1
// DeviceClasses, which name the devices and configuration a claim's request may ask for.
package deviceclass

import (
	"context"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct {
	basestrategy.Base
	basestrategy.DeclarativeValidation
}

// Strategy is the create, update and delete behaviour of DeviceClasses.
var Strategy = strategy{Base: basestrategy.ClusterScoped}

// PrepareForCreate starts the generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*resourcev1.DeviceClass).Generation = 1
}

// PrepareForUpdate bumps the generation when the spec changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	class, oldClass := obj.(*resourcev1.DeviceClass), old.(*resourcev1.DeviceClass)
	basestrategy.BumpGenerationOnSpecChange(class, oldClass, class.Spec, oldClass.Spec)
}

// Validate checks a new DeviceClass.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateDeviceClass(obj.(*resourcev1.DeviceClass))
}

// ValidateUpdate checks an updated DeviceClass.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDeviceClassUpdate(obj.(*resourcev1.DeviceClass), old.(*resourcev1.DeviceClass))
}
