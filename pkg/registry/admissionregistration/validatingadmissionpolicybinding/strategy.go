// Package validatingadmissionpolicybinding implements the strategy and table columns of admissionregistration.k8s.io/v1
// ValidatingAdmissionPolicyBindings.
package validatingadmissionpolicybinding

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/admissionregistration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// Strategy is the create, update and delete behaviour of ValidatingAdmissionPolicyBindings: the generation starts at 1 and
// counts the changes of the spec; an update is checked as a new binding.
var Strategy = basestrategy.Generational[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]{
	Base:        basestrategy.ClusterScoped,
	Desired:     func(c *admissionregistrationv1.ValidatingAdmissionPolicyBinding) any { return c.Spec },
	ValidateNew: validation.ValidateValidatingAdmissionPolicyBinding,
	ValidateChange: func(b, _ *admissionregistrationv1.ValidatingAdmissionPolicyBinding) field.ErrorList {
		return validation.ValidateValidatingAdmissionPolicyBinding(b)
	},
}
