// Package mutatingadmissionpolicybinding implements the strategy and table columns of admissionregistration.k8s.io/v1
// MutatingAdmissionPolicyBindings.
package mutatingadmissionpolicybinding

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/admissionregistration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// Strategy is the create, update and delete behaviour of MutatingAdmissionPolicyBindings: the generation starts at 1 and
// counts the changes of the spec; an update is checked as a new binding.
var Strategy = basestrategy.Generational[*admissionregistrationv1.MutatingAdmissionPolicyBinding]{
	Base:        basestrategy.ClusterScoped,
	Desired:     func(c *admissionregistrationv1.MutatingAdmissionPolicyBinding) any { return c.Spec },
	ValidateNew: validation.ValidateMutatingAdmissionPolicyBinding,
	ValidateChange: func(b, _ *admissionregistrationv1.MutatingAdmissionPolicyBinding) field.ErrorList {
		return validation.ValidateMutatingAdmissionPolicyBinding(b)
	},
}
