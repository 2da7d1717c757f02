// Package configmap implements the strategy and table columns of the configmaps resource.
package configmap

import (
	"context"

	corev1 "k8s.io/api/core/v1"
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

// Strategy is the create, update and delete behaviour of config maps.
var Strategy = strategy{scheme.Scheme, names.SimpleNameGenerator}

// NamespaceScoped is true: config maps live in a namespace.
func (strategy) NamespaceScoped() bool { return true }

// PrepareForCreate does nothing: every field of a config map is the client's.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field of a config map is the client's.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new config map.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateConfigMap(obj.(*corev1.ConfigMap))
}

// WarningsOnCreate returns no warnings.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string { return nil }

// Canonicalize does nothing.
func (strategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing config map is a 404.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks an update; an immutable config map keeps its data.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateConfigMapUpdate(obj.(*corev1.ConfigMap), old.(*corev1.ConfigMap))
}

// WarningsOnUpdate returns no warnings.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string { return nil }

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }
