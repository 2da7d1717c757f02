// Package selfsubjectreview serves SelfSubjectReview (`kubectl auth whoami`): the API server tells a
// caller whom it authenticated them as. Nothing is stored.
package selfsubjectreview

import (
	"context"
	"fmt"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// REST creates SelfSubjectReviews.
type REST struct{}

var (
	_ rest.Creater              = &REST{}
	_ rest.Scoper               = &REST{}
	_ rest.SingularNameProvider = &REST{}
)

// NewREST returns the SelfSubjectReview endpoint.
func NewREST() *REST { return &REST{} }

// NamespaceScoped is false.
func (r *REST) NamespaceScoped() bool { return false }

// New returns an empty SelfSubjectReview.
func (r *REST) New() runtime.Object { return &authenticationv1.SelfSubjectReview{} }

// Destroy does nothing: there is no storage.
func (r *REST) Destroy() {}

// GetSingularName returns "selfsubjectreview".
func (r *REST) GetSingularName() string { return "selfsubjectreview" }

// Create returns the user the request was authenticated as; the request body has no content.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	if createValidation != nil {
		if err := createValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, err
		}
	}
	if _, ok := obj.(*authenticationv1.SelfSubjectReview); !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a SelfSubjectReview: %#v", obj))
	}
	user, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return nil, apierrors.NewBadRequest("no user present on request")
	}
	extra := user.GetExtra()
	review := &authenticationv1.SelfSubjectReview{
		ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.NewTime(time.Now())},
		Status: authenticationv1.SelfSubjectReviewStatus{UserInfo: authenticationv1.UserInfo{
			Username: user.GetName(),
			UID:      user.GetUID(),
			Groups:   user.GetGroups(),
			Extra:    make(map[string]authenticationv1.ExtraValue, len(extra)),
		}},
	}
	for k, v := range extra {
		review.Status.UserInfo.Extra[k] = v
	}
	return review, nil
}
