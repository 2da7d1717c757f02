// Package selfsubjectreview serves SelfSubjectReview (`kubectl auth whoami`): the API server tells a
// caller whom it authenticated them as. Nothing is stored.
package selfsubjectreview

import (
	"context"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/registry/createonly"
)

// REST creates SelfSubjectReviews.
type REST = createonly.REST[authenticationv1.SelfSubjectReview, *authenticationv1.SelfSubjectReview]

// NewREST returns the SelfSubjectReview endpoint.
func NewREST() *REST { return createonly.New("selfsubjectreview", false, answer) }

// answer returns the user the request was authenticated as; the request body has no content.
func answer(ctx context.Context, _ *authenticationv1.SelfSubjectReview, admit func() error) (runtime.Object, error) {
	if err := admit(); err != nil {
		return nil, err
	}
	user, err := createonly.RequestUser(ctx)
	if err != nil {
		return nil, err
	}
	return &authenticationv1.SelfSubjectReview{
		ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.NewTime(time.Now())},
		Status:     authenticationv1.SelfSubjectReviewStatus{UserInfo: createonly.UserInfo(user)},
	}, nil
}
