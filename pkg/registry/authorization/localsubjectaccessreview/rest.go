// Package localsubjectaccessreview serves LocalSubjectAccessReview: "may this user do this in this
// namespace?", which namespace administrators may be allowed to ask, answered by the server's own
// authorizer and never stored.
package localsubjectaccessreview

import (
	"context"
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"

	"github.com/kapi-dev/kapi/pkg/apis/authorization/validation"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/accessreview"
	"github.com/kapi-dev/kapi/pkg/registry/createonly"
)

// REST answers LocalSubjectAccessReviews.
type REST = createonly.REST[authorizationv1.LocalSubjectAccessReview, *authorizationv1.LocalSubjectAccessReview]

// NewREST returns the storage of localsubjectaccessreviews, asking authz. The review is namespaced: it
// is about the namespace it is created in.
func NewREST(authz authorizer.Authorizer) *REST {
	return createonly.New("localsubjectaccessreview", true, func(ctx context.Context, sar *authorizationv1.LocalSubjectAccessReview, admit func() error) (runtime.Object, error) {
		return answer(ctx, authz, sar, admit)
	})
}

// answer answers the review, which may only ask about the namespace of the request.
func answer(ctx context.Context, authz authorizer.Authorizer, sar *authorizationv1.LocalSubjectAccessReview, admit func() error) (runtime.Object, error) {
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
	if err := admit(); err != nil {
		return nil, err
	}
	sar.Status = accessreview.Answer(ctx, authz, accessreview.SubjectAttributes(sar.Spec))
	return sar, nil
}
