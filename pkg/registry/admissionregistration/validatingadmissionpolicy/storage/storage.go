// Package storage wires admissionregistration.k8s.io/v1 validatingadmissionpolicies to etcd.
package storage

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// REST serves validatingadmissionpolicies.
type REST struct {
	*genericregistry.Store
}

var _ rest.CategoriesProvider = &REST{}

// ValidatingAdmissionPolicyStorage holds the storage of ValidatingAdmissionPolicies and of their status.
type ValidatingAdmissionPolicyStorage struct {
	ValidatingAdmissionPolicy *REST
	Status                    *statusrest.REST
}

// NewStorage returns the storage of validatingadmissionpolicies and validatingadmissionpolicies/status, under
// /registry/validatingadmissionpolicies.
func NewStorage(optsGetter generic.RESTOptionsGetter) (ValidatingAdmissionPolicyStorage, error) {
	store, err := newStore(optsGetter)
	if err != nil {
		return ValidatingAdmissionPolicyStorage{}, err
	}
	return ValidatingAdmissionPolicyStorage{ValidatingAdmissionPolicy: &REST{store}, Status: statusrest.NewFor(store, validatingadmissionpolicy.StatusStrategy)}, nil
}

func newStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicy{} },
		NewListFunc:               func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyList{} },
		DefaultQualifiedResource:  admissionregistrationv1.Resource("validatingadmissionpolicies"),
		SingularQualifiedResource: admissionregistrationv1.Resource("validatingadmissionpolicy"),

		CreateStrategy:      validatingadmissionpolicy.Strategy,
		UpdateStrategy:      validatingadmissionpolicy.Strategy,
		DeleteStrategy:      validatingadmissionpolicy.Strategy,
		ResetFieldsStrategy: validatingadmissionpolicy.Strategy,

		TableConvertor: validatingadmissionpolicy.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}

// Categories puts validatingadmissionpolicies in `kubectl get api-extensions`.
func (r *REST) Categories() []string { return []string{"api-extensions"} }
