// Package resourceclaimtemplate implements the strategy and table columns of resource.k8s.io/v1
// ResourceClaimTemplates, from which a claim is made for each pod that references one.
package resourceclaimtemplate

import (
	"context"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceclaim"
)

// Strategy is the create, update and delete behaviour of ResourceClaimTemplates. Like the claims
// made from them, templates may ask for admin access only in a namespace labelled for it.
type Strategy struct {
	basestrategy.Base
	basestrategy.DeclarativeValidation
	namespaces corev1client.NamespaceInterface
}

// NewStrategy returns the strategy of ResourceClaimTemplates, looking namespaces up through
// namespaces.
func NewStrategy(namespaces corev1client.NamespaceInterface) Strategy {
	return Strategy{Base: basestrategy.Namespaced, namespaces: namespaces}
}

// PrepareForCreate drops the fields of features that are off.
func (Strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	resourceclaim.DropDisabledSpecFields(&obj.(*resourcev1.ResourceClaimTemplate).Spec.Spec, nil)
}

// PrepareForUpdate drops the fields of features that are off, unless the stored template uses
// them. The spec cannot change, which validation enforces.
func (Strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	resourceclaim.DropDisabledSpecFields(&obj.(*resourcev1.ResourceClaimTemplate).Spec.Spec, &old.(*resourcev1.ResourceClaimTemplate).Spec.Spec)
}

// Validate checks a new ResourceClaimTemplate.
func (s Strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	template := obj.(*resourcev1.ResourceClaimTemplate)
	allErrs := resourceclaim.AuthorizeAdminAccess(ctx, s.namespaces, template.Namespace, template.Spec.Spec.Devices.Requests)
	return append(allErrs, validation.ValidateResourceClaimTemplate(template)...)
}

// ValidateUpdate checks an updated ResourceClaimTemplate in full, as kube-apiserver does, and that
// its spec did not change. Admin access needs no new check: the spec is immutable.
func (Strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	template := obj.(*resourcev1.ResourceClaimTemplate)
	allErrs := validation.ValidateResourceClaimTemplate(template)
	return append(allErrs, validation.ValidateResourceClaimTemplateUpdate(template, old.(*resourcev1.ResourceClaimTemplate))...)
}
