// Package validatingadmissionpolicybinding implements the strategy and table columns of admissionregistration.k8s.io/v1
// ValidatingAdmissionPolicyBindings.
package validatingadmissionpolicybinding

import (
	"context"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/admissionregistration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of ValidatingAdmissionPolicyBindings.
var Strategy = strategy{basestrategy.ClusterScoped}

// PrepareForCreate starts the generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding).Generation = 1
}

// PrepareForUpdate bumps the generation when the spec changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	c, oldC := obj.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding), old.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding)
	basestrategy.BumpGenerationOnSpecChange(c, oldC, c.Spec, oldC.Spec)
}

// Validate checks a new object.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateValidatingAdmissionPolicyBinding(obj.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding))
}

// ValidateUpdate checks an updated binding as a new one.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateValidatingAdmissionPolicyBinding(obj.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding))
}
