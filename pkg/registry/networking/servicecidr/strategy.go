// Package servicecidr implements the strategies and table columns of networking.k8s.io/v1
// ServiceCIDRs, the ranges Service cluster IPs are allocated from.
package servicecidr

import (
	"context"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/networking/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type strategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of ServiceCIDRs.
var Strategy = strategy{basestrategy.ClusterScoped}

// resetFieldsVersion is the key kube-apiserver files the ServiceCIDR reset fields under. It names
// no served version, so there the reset fields never apply to a request: a main-resource apply may
// set the status and a status apply the spec ownership. The same key keeps that behaviour.
const resetFieldsVersion = "networking/v1"

// GetResetFields lists the fields a main-resource write would leave to the status writers.
func (strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		resetFieldsVersion: fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
	}
}

// PrepareForCreate keeps the object as sent: like upstream, a new ServiceCIDR may carry a status.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate keeps the object as sent, status included, as upstream does.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new ServiceCIDR.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateServiceCIDR(obj.(*networkingv1.ServiceCIDR))
}

// ValidateUpdate checks an update of a ServiceCIDR.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateServiceCIDRUpdate(obj.(*networkingv1.ServiceCIDR), old.(*networkingv1.ServiceCIDR))
}

type statusStrategy struct {
	strategy
}

// StatusStrategy is the update behaviour of servicecidrs/status.
var StatusStrategy = statusStrategy{Strategy}

// GetResetFields lists the fields a status write leaves alone.
func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		resetFieldsVersion: fieldpath.NewSet(fieldpath.MakePathOrDie("spec")),
	}
}

// PrepareForUpdate keeps the spec and the metadata a status write may not change.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	cidr, oldCIDR := obj.(*networkingv1.ServiceCIDR), old.(*networkingv1.ServiceCIDR)
	cidr.Spec = oldCIDR.Spec
	metav1.ResetObjectMetaForStatus(&cidr.ObjectMeta, &oldCIDR.ObjectMeta)
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateServiceCIDRStatusUpdate(obj.(*networkingv1.ServiceCIDR), old.(*networkingv1.ServiceCIDR))
}
