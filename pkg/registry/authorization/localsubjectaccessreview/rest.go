// Package localsubjectaccessreview serves LocalSubjectAccessReview: "may this user do this in this
// namespace?", which namespace administrators may be allowed to ask, answered by the server's own
// authorizer and never stored.
package localsubjectaccessreview

import (
	"context"
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/apis/authorization/validation"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/accessreview"
)

// REST answers LocalSubjectAccessReviews.
type REST struct {
	authorizer authorizer.Authorizer
}

var (
	_ rest.Creater              = &REST{}
	_ rest.Scoper               = &REST{}
	_ rest.SingularNameProvider = &REST{}
)

// NewREST returns the storage of localsubjectaccessreviews, asking authz.
func NewREST(authz authorizer.Authorizer) *REST {
	return &REST{authorizer: authz}
}

// New returns an empty LocalSubjectAccessReview.
func (r *REST) New() runtime.Object {
	return &authorizationv1.LocalSubjectAccessReview{}
}

// Destroy has nothing to release: reviews are not stored.
func (r *REST) Destroy() {}

// NamespaceScoped is true: the review is about the namespace it is created in.
func (r *REST) NamespaceScoped() bool {
	return true
}

// GetSingularName is the resource's singular name, for discovery.
func (r *REST) GetSingularName() string {
	return "localsubjectaccessreview"
}

// Create answers the review, which may only ask about the namespace of the request.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	sar, ok := obj.(*authorizationv1.LocalSubjectAccessReview)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a LocalSubjectAccessReview: %#v", obj))
	}
	sar.Status = authorizationv1.SubjectAccessReviewStatus{}
	if errs := validation.ValidateLocalSubjectAccessReview(sar); len(errs) > 0 {
		return nil, apierrors.NewInvalid(authorizationv1.SchemeGroupVersion.WithKind("LocalSubjectAccessReview").GroupKind(), "", errs)
	}
	namespace := genericapirequest.NamespaceValue(ctx)
	if namespace == "" {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("namespace is required on this type: %v", namespace))
	}
	if namespace != sar.Namespace {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("spec.resourceAttributes.namespace must match namespace: %v", namespace))
	}
	if createValidation != nil {
		if err := createValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, err
		}
	}
	attrs := accessreview.SubjectAttributes(sar.Spec)
	decision, reason, err := r.authorizer.Authorize(ctx, attrs)
	sar.Status = accessreview.Status(decision, reason, err, attrs)
	return sar, nil
}
