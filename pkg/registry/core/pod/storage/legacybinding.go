package storage

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
)

// LegacyBindingREST serves the bindings resource, kube-apiserver's binding endpoint from before
// pods/binding existed: the pod to bind is the binding's own name.
type LegacyBindingREST struct {
	*BindingREST
}

// Create binds the pod the binding names.
func (r *LegacyBindingREST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	metadata, err := meta.Accessor(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	return r.BindingREST.Create(ctx, metadata.GetName(), obj, createValidation, options)
}

// GetSingularName returns the singular name of the bindings resource.
func (r *LegacyBindingREST) GetSingularName() string { return "binding" }
