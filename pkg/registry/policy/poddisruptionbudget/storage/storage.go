// Package storage wires policy/v1 PodDisruptionBudgets and their status subresource to etcd.
package storage

import (
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/policy/poddisruptionbudget"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// PodDisruptionBudgetStorage holds the storage of PodDisruptionBudgets and of their status.
type PodDisruptionBudgetStorage struct {
	PodDisruptionBudget *REST
	Status              *StatusREST
}

// REST serves PodDisruptionBudgets.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves poddisruptionbudgets/status.
type StatusREST = statusrest.REST

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of poddisruptionbudgets and poddisruptionbudgets/status, under
// /registry/poddisruptionbudgets.
func NewStorage(optsGetter generic.RESTOptionsGetter) (PodDisruptionBudgetStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &policyv1.PodDisruptionBudget{} },
		NewListFunc:               func() runtime.Object { return &policyv1.PodDisruptionBudgetList{} },
		DefaultQualifiedResource:  policyv1.Resource("poddisruptionbudgets"),
		SingularQualifiedResource: policyv1.Resource("poddisruptionbudget"),

		CreateStrategy:      poddisruptionbudget.Strategy,
		UpdateStrategy:      poddisruptionbudget.Strategy,
		DeleteStrategy:      poddisruptionbudget.Strategy,
		ResetFieldsStrategy: poddisruptionbudget.Strategy,

		TableConvertor: poddisruptionbudget.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return PodDisruptionBudgetStorage{}, err
	}
	return PodDisruptionBudgetStorage{
		PodDisruptionBudget: &REST{store},
		Status:              statusrest.NewFor(store, poddisruptionbudget.StatusStrategy),
	}, nil
}

// ShortNames returns the short names kubectl accepts for PodDisruptionBudgets.
func (r *REST) ShortNames() []string { return []string{"pdb"} }
