// Package endpointslice implements the strategy and table columns of discovery.k8s.io/v1 endpointslices.
package endpointslice

import (
	"context"

	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/discovery/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type endpointSliceStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of endpointslices.
var Strategy = endpointSliceStrategy{basestrategy.Namespaced}

// PrepareForCreate starts the generation at 1.
func (endpointSliceStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*discoveryv1.EndpointSlice).Generation = 1
}

// PrepareForUpdate bumps the generation when anything but metadata changes.
func (endpointSliceStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	slice, oldSlice := obj.(*discoveryv1.EndpointSlice), old.(*discoveryv1.EndpointSlice)
	newMeta, oldMeta := slice.ObjectMeta, oldSlice.ObjectMeta
	slice.ObjectMeta, oldSlice.ObjectMeta = oldMeta, oldMeta
	changed := !equality.Semantic.DeepEqual(slice, oldSlice)
	slice.ObjectMeta, oldSlice.ObjectMeta = newMeta, oldMeta
	if changed {
		slice.Generation = oldSlice.Generation + 1
	}
}

// Validate checks a new slice.
func (endpointSliceStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateEndpointSlice(obj.(*discoveryv1.EndpointSlice))
}

// ValidateUpdate checks an update of a slice.
func (endpointSliceStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateEndpointSliceUpdate(obj.(*discoveryv1.EndpointSlice), old.(*discoveryv1.EndpointSlice))
}
