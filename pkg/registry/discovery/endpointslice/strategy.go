// Package endpointslice implements the strategy and table columns of discovery.k8s.io/v1 endpointslices.
package endpointslice

import (
	"context"

	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage/names"

	"github.com/kapi-dev/kapi/pkg/apis/discovery/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

type endpointSliceStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// Strategy is the create, update and delete behaviour of endpointslices.
var Strategy = endpointSliceStrategy{scheme.Scheme, names.SimpleNameGenerator}

// NamespaceScoped is true: slices live beside their service.
func (endpointSliceStrategy) NamespaceScoped() bool { return true }

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

// WarningsOnCreate returns no warnings.
func (endpointSliceStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return nil
}

// Canonicalize does nothing.
func (endpointSliceStrategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing slice is a 404.
func (endpointSliceStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks an update of a slice.
func (endpointSliceStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateEndpointSliceUpdate(obj.(*discoveryv1.EndpointSlice), old.(*discoveryv1.EndpointSlice))
}

// WarningsOnUpdate returns no warnings.
func (endpointSliceStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (endpointSliceStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }
