// Package namespace implements the strategies, field selectors and table columns of the namespaces
// resource.
package namespace

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// metadataNameLabel is the label every namespace carries with its own name, so that label selectors
// can pick namespaces by name.
const metadataNameLabel = "kubernetes.io/metadata.name"

type namespaceStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of namespaces.
var Strategy = namespaceStrategy{Base: basestrategy.ClusterScoped}

// PrepareForCreate makes a new namespace Active and gives it the kubernetes finalizer, which only
// namespace finalization may remove.
func (namespaceStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	ns := obj.(*corev1.Namespace)
	ns.Status = corev1.NamespaceStatus{Phase: corev1.NamespaceActive}
	hasKubernetesFinalizer := false
	for _, f := range ns.Spec.Finalizers {
		if f == corev1.FinalizerKubernetes {
			hasKubernetesFinalizer = true
			break
		}
	}
	if !hasKubernetesFinalizer {
		ns.Spec.Finalizers = append(ns.Spec.Finalizers, corev1.FinalizerKubernetes)
	}
	ensureNameLabel(ns)
}

// PrepareForUpdate keeps status and spec.finalizers, which have their own subresources.
func (namespaceStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	ns, oldNs := obj.(*corev1.Namespace), old.(*corev1.Namespace)
	ns.Spec.Finalizers = oldNs.Spec.Finalizers
	ns.Status = oldNs.Status
	ensureNameLabel(ns)
}

// ensureNameLabel sets the kubernetes.io/metadata.name label, which users may not change.
func ensureNameLabel(ns *corev1.Namespace) {
	if ns.Name == "" {
		return
	}
	if ns.Labels == nil {
		ns.Labels = map[string]string{}
	}
	ns.Labels[metadataNameLabel] = ns.Name
}

// Validate checks a new namespace.
func (namespaceStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateNamespace(obj.(*corev1.Namespace))
}

// ValidateUpdate checks an update of a namespace.
func (namespaceStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateNamespaceUpdate(obj.(*corev1.Namespace), old.(*corev1.Namespace))
}

type namespaceStatusStrategy struct {
	namespaceStrategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of namespaces/status.
var StatusStrategy = namespaceStatusStrategy{namespaceStrategy: Strategy}

// PrepareForUpdate keeps everything but status (and metadata).
func (namespaceStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.Namespace).Spec = old.(*corev1.Namespace).Spec
}

// ValidateUpdate checks a status update.
func (namespaceStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateNamespaceStatusUpdate(obj.(*corev1.Namespace), old.(*corev1.Namespace))
}

type namespaceFinalizeStrategy struct {
	namespaceStrategy
}

// FinalizeStrategy is the update behaviour of namespaces/finalize, which changes spec.finalizers only.
var FinalizeStrategy = namespaceFinalizeStrategy{Strategy}

// PrepareForUpdate keeps the status.
func (namespaceFinalizeStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.Namespace).Status = old.(*corev1.Namespace).Status
}

// ValidateUpdate checks a finalize update.
func (namespaceFinalizeStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateNamespaceFinalizeUpdate(obj.(*corev1.Namespace), old.(*corev1.Namespace))
}

// GetAttrs returns the labels and the selectable fields of a namespace.
var GetAttrs = basestrategy.Attrs("a namespace", SelectableFields)

// SelectableFields returns the fields a field selector may match on a namespace.
func SelectableFields(ns *corev1.Namespace) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{"status.phase": string(ns.Status.Phase)}, &ns.ObjectMeta, false)
}
