// Package daemonset implements the strategies and table columns of the apps/v1 daemonsets resource.
package daemonset

import (
	"context"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/apps/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type daemonSetStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of daemon sets. Deleting one deletes its pods
// unless the client asks otherwise, the store's default.
var Strategy = daemonSetStrategy{Base: basestrategy.Namespaced}

// GetResetFields lists status, which only daemonsets/status writes.
func (daemonSetStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "status")
}

// templateGeneration reads the template generation that apps/v1 keeps in an annotation (older
// versions had it in the spec); a missing or unreadable one counts as 0.
func templateGeneration(ds *appsv1.DaemonSet) int64 {
	n, err := strconv.ParseInt(ds.Annotations[appsv1.DeprecatedTemplateGeneration], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func setTemplateGeneration(ds *appsv1.DaemonSet, generation int64) {
	if ds.Annotations == nil {
		ds.Annotations = map[string]string{}
	}
	ds.Annotations[appsv1.DeprecatedTemplateGeneration] = strconv.FormatInt(generation, 10)
}

// PrepareForCreate drops the status, which only the controller sets, and starts the generation
// and the template generation at 1, unless the client asked for a later template generation.
func (daemonSetStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
	ds := obj.(*appsv1.DaemonSet)
	setTemplateGeneration(ds, max(templateGeneration(ds), 1))
}

// PrepareForUpdate keeps the status and the template generation, which clients may not set, and
// bumps the generation when the spec changes and the template generation too when the template does.
func (daemonSetStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	ds, oldDS := obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet)
	basestrategy.KeepStatusForUpdate(ds, oldDS)
	generation := templateGeneration(oldDS)
	if !apiequality.Semantic.DeepEqual(ds.Spec.Template, oldDS.Spec.Template) {
		generation++
	}
	setTemplateGeneration(ds, generation)
}

// Validate checks a new daemon set.
func (daemonSetStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateDaemonSet(obj.(*appsv1.DaemonSet))
}

// ValidateUpdate checks an update of a daemon set.
func (daemonSetStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDaemonSetUpdate(obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet))
}

type daemonSetStatusStrategy struct {
	daemonSetStrategy
}

// StatusStrategy is the update behaviour of daemonsets/status.
var StatusStrategy = daemonSetStatusStrategy{daemonSetStrategy: Strategy}

// GetResetFields lists spec, which a status write leaves alone.
func (daemonSetStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields("apps/v1", "spec")
}

// PrepareForUpdate keeps the spec, and the template generation that belongs to it: a status write
// changes status (and metadata) only.
func (daemonSetStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecForStatusUpdate(obj, old)
	setTemplateGeneration(obj.(*appsv1.DaemonSet), templateGeneration(old.(*appsv1.DaemonSet)))
}

// ValidateUpdate checks a status update.
func (daemonSetStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDaemonSetStatusUpdate(obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet))
}
