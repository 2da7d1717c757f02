// Package podtemplate implements the strategy and table columns of the podtemplates resource.
package podtemplate

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage/names"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// Strategy is the create, update and delete behaviour of pod templates.
var Strategy = strategy{scheme.Scheme, names.SimpleNameGenerator}

// NamespaceScoped is true: pod templates live in a namespace.
func (strategy) NamespaceScoped() bool { return true }

// PrepareForCreate starts the generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*corev1.PodTemplate).Generation = 1
}

// PrepareForUpdate bumps the generation when the template changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	template, oldTemplate := obj.(*corev1.PodTemplate), old.(*corev1.PodTemplate)
	if !apiequality.Semantic.DeepEqual(template.Template, oldTemplate.Template) {
		template.Generation = oldTemplate.Generation + 1
	}
}

// Validate checks a new pod template.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePodTemplate(obj.(*corev1.PodTemplate))
}

// WarningsOnCreate returns no warnings.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

// Canonicalize does nothing.
func (strategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing pod template is a 404.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks an update of a pod template.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodTemplateUpdate(obj.(*corev1.PodTemplate), old.(*corev1.PodTemplate))
}

// WarningsOnUpdate returns no warnings.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string { return nil }

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }
