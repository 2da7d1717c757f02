// Package ingressclass implements the strategy and table columns of networking.k8s.io/v1
// IngressClasses.
package ingressclass

import (
	"context"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/networking/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of IngressClasses.
var Strategy = strategy{basestrategy.ClusterScoped}

// PrepareForCreate starts the generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*networkingv1.IngressClass).Generation = 1
}

// PrepareForUpdate bumps the generation when the spec changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	class, oldClass := obj.(*networkingv1.IngressClass), old.(*networkingv1.IngressClass)
	basestrategy.BumpGenerationOnSpecChange(class, oldClass, class.Spec, oldClass.Spec)
}

// Validate checks a new IngressClass.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateIngressClass(obj.(*networkingv1.IngressClass))
}

// ValidateUpdate checks an updated IngressClass.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateIngressClassUpdate(obj.(*networkingv1.IngressClass), old.(*networkingv1.IngressClass))
}
