// Package subjectaccessreview serves SubjectAccessReview: "may this user do this?", answered by the
// server's own authorizer and never stored.
package subjectaccessreview

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

// REST answers SubjectAccessReviews.
type REST = createonly.REST[authorizationv1.SubjectAccessReview, *authorizationv1.SubjectAccessReview]

// NewREST returns the storage of subjectaccessreviews, asking authz. The review is about any namespace.
func NewREST(authz authorizer.Authorizer) *REST {
	return createonly.New("subjectaccessreview", false, func(ctx context.Context, sar *authorizationv1.SubjectAccessReview, admit func() error) (runtime.Object, error) {
		return answer(ctx, authz, sar, admit)
	})
}

// answer answers the review: the spec's user asking for the spec's request.
func answer(ctx context.Context, authz authorizer.Authorizer, sar *authorizationv1.SubjectAccessReview, admit func() error) (runtime.Object, error) {
	sar.Status = authorizationv1.SubjectAccessReviewStatus{}
	if errs := validation.ValidateSubjectAccessReview(sar); len(errs) > 0 {
		return nil, apierrors.NewInvalid(authorizationv1.SchemeGroupVersion.WithKind("SubjectAccessReview").GroupKind(), "", errs)
	}
	if err := admit(); err != nil {
		return nil, err
	}
	sar.Status = accessreview.Answer(ctx, authz, accessreview.SubjectAttributes(sar.Spec))
	return sar, nil
}
