// Package poddisruptionbudget implements the strategies and table columns of policy/v1
// PodDisruptionBudgets.
package poddisruptionbudget

import (
	"context"

	policyv1 "k8s.io/api/policy/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/policy/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type pdbStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of PodDisruptionBudgets.
var Strategy = pdbStrategy{basestrategy.Namespaced, basestrategy.KeepsStatusIn{GroupVersion: "policy/v1"}}

// PrepareForCreate drops the status, which the disruption controller sets, and starts the
// generation at 1.
func (pdbStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	pdb := obj.(*policyv1.PodDisruptionBudget)
	pdb.Status = policyv1.PodDisruptionBudgetStatus{}
	pdb.Generation = 1
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes: evictions are
// refused until status.observedGeneration shows the controller has seen the new spec.
func (pdbStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	pdb, oldPDB := obj.(*policyv1.PodDisruptionBudget), old.(*policyv1.PodDisruptionBudget)
	pdb.Status = oldPDB.Status
	basestrategy.BumpGenerationOnSpecChange(pdb, oldPDB, pdb.Spec, oldPDB.Spec)
}

// Validate checks a new PodDisruptionBudget.
func (pdbStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePodDisruptionBudget(obj.(*policyv1.PodDisruptionBudget), false)
}

// ValidateUpdate checks an updated PodDisruptionBudget; a selector value that was accepted before
// stays accepted.
func (pdbStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	oldPDB := old.(*policyv1.PodDisruptionBudget)
	return validation.ValidatePodDisruptionBudget(obj.(*policyv1.PodDisruptionBudget), metav1validation.LabelSelectorHasInvalidLabelValue(oldPDB.Spec.Selector))
}

type pdbStatusStrategy struct {
	pdbStrategy
	basestrategy.KeepsSpecIn
}

// StatusStrategy is the update behaviour of poddisruptionbudgets/status.
var StatusStrategy = pdbStatusStrategy{Strategy, basestrategy.KeepsSpecIn{GroupVersion: "policy/v1"}}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (pdbStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*policyv1.PodDisruptionBudget).Spec = old.(*policyv1.PodDisruptionBudget).Spec
}

// ValidateUpdate checks a status write.
func (pdbStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodDisruptionBudgetStatusUpdate(obj.(*policyv1.PodDisruptionBudget), old.(*policyv1.PodDisruptionBudget))
}
