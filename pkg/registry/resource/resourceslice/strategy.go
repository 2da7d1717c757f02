// Package resourceslice implements the strategy, field selectors and table columns of
// resource.k8s.io/v1 ResourceSlices, in which drivers publish their devices.
package resourceslice

import (
	"context"
	"fmt"
	"strings"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct {
	basestrategy.Base
	basestrategy.DeclarativeValidation
}

// Strategy is the create, update and delete behaviour of ResourceSlices.
var Strategy = strategy{Base: basestrategy.ClusterScoped}

// PrepareForCreate starts the generation at 1 and drops the fields of features that are off.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	slice := obj.(*resourcev1.ResourceSlice)
	slice.Generation = 1
	dropDisabledFields(&slice.Spec, nil)
}

// PrepareForUpdate bumps the generation when the spec changes and drops the fields of features
// that are off, unless the stored slice uses them.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	slice, oldSlice := obj.(*resourcev1.ResourceSlice), old.(*resourcev1.ResourceSlice)
	basestrategy.BumpGenerationOnSpecChange(slice, oldSlice, slice.Spec, oldSlice.Spec)
	dropDisabledFields(&slice.Spec, &oldSlice.Spec)
}

// Validate checks a new ResourceSlice.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateResourceSlice(obj.(*resourcev1.ResourceSlice))
}

// ValidateUpdate checks an updated ResourceSlice.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateResourceSliceUpdate(obj.(*resourcev1.ResourceSlice), old.(*resourcev1.ResourceSlice))
}

// partitionTypeOption is the declarative validation option for spec.partitionTypeAttribute,
// whose feature is off by default in v1.37.
const partitionTypeOption = "DRAPartitionableDevicesType"

// DeclarativeValidationConfig enables spec.partitionTypeAttribute only for a slice that already
// has it, as for the fields dropDisabledFields keeps.
func (strategy) DeclarativeValidationConfig(ctx context.Context, obj, old runtime.Object) rest.DeclarativeValidationConfig {
	inUse := false
	if oldSlice, ok := old.(*resourcev1.ResourceSlice); ok {
		inUse = oldSlice.Spec.PartitionTypeAttribute != nil
	}
	return rest.DeclarativeValidationConfig{Options: map[string]bool{partitionTypeOption: inUse}}
}

// WarningsOnCreate warns about a driver name with upper-case letters.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return driverWarnings(obj.(*resourcev1.ResourceSlice))
}

// WarningsOnUpdate warns about a driver name with upper-case letters.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return driverWarnings(obj.(*resourcev1.ResourceSlice))
}

func driverWarnings(slice *resourcev1.ResourceSlice) []string {
	if driver := slice.Spec.Driver; driver != strings.ToLower(driver) {
		return []string{fmt.Sprintf("spec.driver: driver names should be lowercase; %q contains uppercase characters", driver)}
	}
	return nil
}

// SelectableFields are the fields a field selector may name on a ResourceSlice: metadata.name,
// spec.nodeName (empty when the slice is not for one node) and spec.driver.
func SelectableFields(slice *resourcev1.ResourceSlice) fields.Set {
	set := fields.Set{
		resourcev1.ResourceSliceSelectorNodeName: ptr.Deref(slice.Spec.NodeName, ""),
		resourcev1.ResourceSliceSelectorDriver:   slice.Spec.Driver,
	}
	return generic.AddObjectMetaFieldsSet(set, &slice.ObjectMeta, false)
}

// GetAttrs returns the labels and selectable fields of a ResourceSlice.
var GetAttrs = basestrategy.Attrs("a ResourceSlice", SelectableFields)
