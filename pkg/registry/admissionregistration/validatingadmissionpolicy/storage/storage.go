// Package storage wires admissionregistration.k8s.io/v1 validatingadmissionpolicies and their status
// subresource to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/paramauthz"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/store"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// ValidatingAdmissionPolicyStorage holds the storage of ValidatingAdmissionPolicies and of their
// status.
type ValidatingAdmissionPolicyStorage struct {
	ValidatingAdmissionPolicy *store.REST
	Status                    *statusrest.REST
}

// NewStorage returns the storage of validatingadmissionpolicies and validatingadmissionpolicies/status,
// under /registry/validatingadmissionpolicies; params checks that authors may read the policies'
// parameters.
func NewStorage(optsGetter generic.RESTOptionsGetter, params paramauthz.Checker) (ValidatingAdmissionPolicyStorage, error) {
	s, err := store.NewStore(optsGetter, store.Resource{
		Plural:   "validatingadmissionpolicies",
		Singular: "validatingadmissionpolicy",
		New:      func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicy{} },
		NewList:  func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyList{} },
		Strategy: paramauthz.Wrap(validatingadmissionpolicy.Strategy, params, func(p *admissionregistrationv1.ValidatingAdmissionPolicy) *admissionregistrationv1.ParamKind {
			return p.Spec.ParamKind
		}),
		ResetFields: validatingadmissionpolicy.Strategy,
		Table:       validatingadmissionpolicy.NewTableConvertor(),
	})
	if err != nil {
		return ValidatingAdmissionPolicyStorage{}, err
	}
	return ValidatingAdmissionPolicyStorage{
		ValidatingAdmissionPolicy: &store.REST{Store: s},
		Status:                    statusrest.NewFor(s, validatingadmissionpolicy.StatusStrategy),
	}, nil
}
