// Package endpoint implements the strategy and table columns of the core endpoints resource.
package endpoint

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type endpointsStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of endpoints.
var Strategy = endpointsStrategy{basestrategy.Namespaced}

// PrepareForCreate changes nothing: endpoints have no status and no server-owned fields.
func (endpointsStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate changes nothing, for the same reason.
func (endpointsStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks new endpoints.
func (endpointsStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateEndpoints(obj.(*corev1.Endpoints))
}

// WarningsOnCreate warns about addresses written in forms that will stop being accepted.
func (endpointsStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return addressWarnings(obj.(*corev1.Endpoints))
}

// AllowCreateOnUpdate is true: a PUT to missing endpoints creates them.
func (endpointsStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// ValidateUpdate checks an update of endpoints.
func (endpointsStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateEndpointsUpdate(obj.(*corev1.Endpoints), old.(*corev1.Endpoints))
}

// WarningsOnUpdate warns about addresses written in forms that will stop being accepted.
func (endpointsStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return addressWarnings(obj.(*corev1.Endpoints))
}

func addressWarnings(endpoints *corev1.Endpoints) []string {
	var warnings []string
	for i, subset := range endpoints.Subsets {
		path := field.NewPath("subsets").Index(i)
		for j, addr := range subset.Addresses {
			warnings = append(warnings, utilvalidation.GetWarningsForIP(path.Child("addresses").Index(j).Child("ip"), addr.IP)...)
		}
		for j, addr := range subset.NotReadyAddresses {
			warnings = append(warnings, utilvalidation.GetWarningsForIP(path.Child("notReadyAddresses").Index(j).Child("ip"), addr.IP)...)
		}
	}
	return warnings
}
