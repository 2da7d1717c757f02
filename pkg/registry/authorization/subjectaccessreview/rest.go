// Package subjectaccessreview serves SubjectAccessReview: "may this user do this?", answered by the
// server's own authorizer and never stored.
package subjectaccessreview

import (
	"context"
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/apis/authorization/validation"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/accessreview"
)

// REST answers SubjectAccessReviews.
type REST struct {
	authorizer authorizer.Authorizer
}

var (
	_ rest.Creater              = &REST{}
	_ rest.Scoper               = &REST{}
	_ rest.SingularNameProvider = &REST{}
)

// NewREST returns the storage of subjectaccessreviews, asking authz.
func NewREST(authz authorizer.Authorizer) *REST {
	return &REST{authorizer: authz}
}

// New returns an empty SubjectAccessReview.
func (r *REST) New() runtime.Object {
	return &authorizationv1.SubjectAccessReview{}
}

// Destroy has nothing to release: reviews are not stored.
func (r *REST) Destroy() {}

// NamespaceScoped is false: the review is about any namespace.
func (r *REST) NamespaceScoped() bool {
	return false
}

// GetSingularName is the resource's singular name, for discovery.
func (r *REST) GetSingularName() string {
	return "subjectaccessreview"
}

// Create answers the review: the spec's user asking for the spec's request.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	sar, ok := obj.(*authorizationv1.SubjectAccessReview)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a SubjectAccessReview: %#v", obj))
	}
	sar.Status = authorizationv1.SubjectAccessReviewStatus{}
	if errs := validation.ValidateSubjectAccessReview(sar); len(errs) > 0 {
		return nil, apierrors.NewInvalid(authorizationv1.SchemeGroupVersion.WithKind("SubjectAccessReview").GroupKind(), "", errs)
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
