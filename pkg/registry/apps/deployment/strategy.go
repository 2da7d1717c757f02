// Package deployment implements the strategies and table columns of the apps/v1 deployments
// resource.
package deployment

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/apps/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type deploymentStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of deployments. Deleting one deletes what it
// created (replica sets, pods) unless the client asks otherwise, the store's default.
var Strategy = deploymentStrategy{Base: basestrategy.Namespaced}

// GetResetFields lists status, which only deployments/status writes.
func (deploymentStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "status")
}

// PrepareForCreate drops the status, which only the controller sets, and starts the generation at 1.
func (deploymentStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes, or the
// annotations do, since the controller copies those to the deployment's replica sets.
func (deploymentStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	specChanged := basestrategy.KeepStatusForUpdate(obj, old)
	if !specChanged && !apiequality.Semantic.DeepEqual(obj.(*appsv1.Deployment).Annotations, old.(*appsv1.Deployment).Annotations) {
		basestrategy.BumpGeneration(obj, old)
	}
}

// Validate checks a new deployment.
func (deploymentStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateDeployment(obj.(*appsv1.Deployment))
}

// WarningsOnCreate warns about names that make poor pod host names.
func (deploymentStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return basestrategy.PodNameWarnings(obj.(*appsv1.Deployment).Name)
}

// ValidateUpdate checks an update of a deployment.
func (deploymentStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDeploymentUpdate(obj.(*appsv1.Deployment), old.(*appsv1.Deployment))
}

type deploymentStatusStrategy struct {
	deploymentStrategy
}

// StatusStrategy is the update behaviour of deployments/status.
var StatusStrategy = deploymentStatusStrategy{deploymentStrategy: Strategy}

// GetResetFields lists spec and labels, which a status write leaves alone.
func (deploymentStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "spec", "metadata.labels")
}

// PrepareForUpdate keeps the spec and the labels: a status write changes status and the rest of
// the metadata only.
func (deploymentStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecForStatusUpdate(obj, old)
	obj.(*appsv1.Deployment).Labels = old.(*appsv1.Deployment).Labels
}

// ValidateUpdate checks a status update.
func (deploymentStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDeploymentStatusUpdate(obj.(*appsv1.Deployment), old.(*appsv1.Deployment))
}

// WarningsOnUpdate returns no warnings.
func (deploymentStatusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
