// Package ingress implements the strategies and table columns of networking.k8s.io/v1 Ingresses.
package ingress

import (
	"context"
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/networking/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "networking.k8s.io/v1"

type strategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of Ingresses.
var Strategy = strategy{basestrategy.Namespaced, basestrategy.KeepsStatusIn{GroupVersion: groupVersion}}

// PrepareForCreate drops the status, which the ingress controller writes, and starts the generation
// at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	basestrategy.ResetStatusForCreate(obj)
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepStatusForUpdate(obj, old)
}

// Validate checks a new Ingress.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateIngressCreate(obj.(*networkingv1.Ingress))
}

// WarningsOnCreate warns that the class annotation is deprecated when it stands in for
// spec.ingressClassName.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	ing := obj.(*networkingv1.Ingress)
	if _, ok := ing.Annotations[validation.IngressClassAnnotation]; ok && ing.Spec.IngressClassName == nil {
		return []string{fmt.Sprintf("annotation %q is deprecated, please use 'spec.ingressClassName' instead", validation.IngressClassAnnotation)}
	}
	return nil
}

// ValidateUpdate checks an updated Ingress.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateIngressUpdate(obj.(*networkingv1.Ingress), old.(*networkingv1.Ingress))
}

type statusStrategy struct {
	strategy
	basestrategy.KeepsSpecIn
}

// StatusStrategy is the update behaviour of ingresses/status.
var StatusStrategy = statusStrategy{Strategy, basestrategy.KeepsSpecIn{GroupVersion: groupVersion}}

// PrepareForUpdate keeps the spec: a status write changes the load balancer status (and metadata) only.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	basestrategy.KeepSpecForStatusUpdate(obj, old)
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateIngressStatusUpdate(obj.(*networkingv1.Ingress), old.(*networkingv1.Ingress))
}
