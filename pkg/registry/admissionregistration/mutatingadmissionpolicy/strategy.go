// Package mutatingadmissionpolicy implements the strategy and table columns of admissionregistration.k8s.io/v1
// MutatingAdmissionPolicies.
package mutatingadmissionpolicy

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/kapi-dev/kapi/pkg/apis/admissionregistration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// Strategy is the create, update and delete behaviour of MutatingAdmissionPolicies: the generation starts at 1 and
// counts the changes of the spec; an update keeps accepting what the stored object already had.
var Strategy = basestrategy.Generational[*admissionregistrationv1.MutatingAdmissionPolicy]{
	Base:           basestrategy.ClusterScoped,
	Desired:        func(c *admissionregistrationv1.MutatingAdmissionPolicy) any { return c.Spec },
	ValidateNew:    validation.ValidateMutatingAdmissionPolicy,
	ValidateChange: validation.ValidateMutatingAdmissionPolicyUpdate,
}
