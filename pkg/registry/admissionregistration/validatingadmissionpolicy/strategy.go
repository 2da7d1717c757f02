// Package validatingadmissionpolicy implements the strategy and table columns of admissionregistration.k8s.io/v1
// ValidatingAdmissionPolicies.
package validatingadmissionpolicy

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
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of ValidatingAdmissionPolicies.
var Strategy = strategy{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: "admissionregistration.k8s.io/v1"}}

// PrepareForCreate drops the status, which the type-checking controller writes, and starts the
// generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	p := obj.(*admissionregistrationv1.ValidatingAdmissionPolicy)
	p.Status = admissionregistrationv1.ValidatingAdmissionPolicyStatus{}
	p.Generation = 1
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes, so that
// status.observedGeneration tells whether the controller has checked the latest spec.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	p, oldP := obj.(*admissionregistrationv1.ValidatingAdmissionPolicy), old.(*admissionregistrationv1.ValidatingAdmissionPolicy)
	p.Status = oldP.Status
	basestrategy.BumpGenerationOnSpecChange(p, oldP, p.Spec, oldP.Spec)
}

// Validate checks a new object.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateValidatingAdmissionPolicy(obj.(*admissionregistrationv1.ValidatingAdmissionPolicy))
}

// ValidateUpdate checks an update; what the stored object already had stays accepted.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateValidatingAdmissionPolicyUpdate(obj.(*admissionregistrationv1.ValidatingAdmissionPolicy), old.(*admissionregistrationv1.ValidatingAdmissionPolicy))
}

type statusStrategy struct {
	strategy
	basestrategy.KeepsSpecIn
}

// StatusStrategy is the update behaviour of validatingadmissionpolicies/status.
var StatusStrategy = statusStrategy{Strategy, basestrategy.KeepsSpecIn{GroupVersion: "admissionregistration.k8s.io/v1"}}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*admissionregistrationv1.ValidatingAdmissionPolicy).Spec = old.(*admissionregistrationv1.ValidatingAdmissionPolicy).Spec
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateValidatingAdmissionPolicyStatusUpdate(obj.(*admissionregistrationv1.ValidatingAdmissionPolicy), old.(*admissionregistrationv1.ValidatingAdmissionPolicy))
}
