// Package selfsubjectaccessreview serves SelfSubjectAccessReview: "may I do this?", the question
// `kubectl auth can-i` asks, answered by the server's own authorizer and never stored.
package selfsubjectaccessreview

import (
	"context"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/apis/authorization/validation"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/accessreview"
	"github.com/kapi-dev/kapi/pkg/registry/createonly"
)

// REST answers SelfSubjectAccessReviews.
type REST = createonly.REST[authorizationv1.SelfSubjectAccessReview, *authorizationv1.SelfSubjectAccessReview]

// NewREST returns the storage of selfsubjectaccessreviews, asking authz. The review is about any
// namespace.
func NewREST(authz authorizer.Authorizer) *REST {
	return createonly.New("selfsubjectaccessreview", false, func(ctx context.Context, sar *authorizationv1.SelfSubjectAccessReview, admit func() error) (runtime.Object, error) {
		return answer(ctx, authz, sar, admit)
	})
}

// answer answers the review for the user making the request.
func answer(ctx context.Context, authz authorizer.Authorizer, sar *authorizationv1.SelfSubjectAccessReview, admit func() error) (runtime.Object, error) {
	sar.Status = authorizationv1.SubjectAccessReviewStatus{}
	if errs := validation.ValidateSelfSubjectAccessReview(sar); len(errs) > 0 {
		return nil, apierrors.NewInvalid(authorizationv1.SchemeGroupVersion.WithKind("SelfSubjectAccessReview").GroupKind(), "", errs)
	}
	u, err := createonly.RequestUser(ctx)
	if err != nil {
		return nil, err
	}
	if err := admit(); err != nil {
		return nil, err
	}
	sar.Status = accessreview.Answer(ctx, authz, accessreview.Attributes(u, sar.Spec.ResourceAttributes, sar.Spec.NonResourceAttributes))
	return sar, nil
}
