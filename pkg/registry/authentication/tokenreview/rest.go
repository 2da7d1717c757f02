// Package tokenreview serves TokenReview: a caller hands a bearer token to the API server, which
// says whom it authenticates. Nothing is stored.
package tokenreview

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/registry/createonly"
)

// errAudiences is what a review gets when an authenticator accepted a token for audiences other than
// the ones asked for: a bug in that authenticator, never the caller's fault.
var errAudiences = apierrors.NewInternalError(errors.New("error validating audiences"))

// REST creates TokenReviews.
type REST = createonly.REST[authenticationv1.TokenReview, *authenticationv1.TokenReview]

// NewREST reviews tokens with the server's own request authenticator; a review without audiences is
// held to apiAudiences.
func NewREST(authn authenticator.Request, apiAudiences []string) *REST {
	return createonly.New("tokenreview", false, func(ctx context.Context, review *authenticationv1.TokenReview, admit func() error) (runtime.Object, error) {
		return answer(ctx, authn, apiAudiences, review, admit)
	})
}

// answer authenticates the token as if it came with a request, and reports the outcome in the status.
func answer(ctx context.Context, authn authenticator.Request, apiAudiences []string, review *authenticationv1.TokenReview, admit func() error) (runtime.Object, error) {
	if namespace := genericapirequest.NamespaceValue(ctx); namespace != "" {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("namespace is not allowed on this type: %v", namespace))
	}
	if review.Spec.Token == "" {
		return nil, apierrors.NewBadRequest("token is required for TokenReview in authentication")
	}
	if err := admit(); err != nil {
		return nil, err
	}

	// A request that carries nothing but the token, so no other credential can vouch for it.
	req := &http.Request{Header: http.Header{}}
	req.Header.Add("Authorization", "Bearer "+review.Spec.Token)
	auds := review.Spec.Audiences
	if len(auds) == 0 {
		auds = apiAudiences
	}
	if len(auds) > 0 {
		req = req.WithContext(authenticator.WithAudiences(ctx, auds))
	} else {
		req = req.WithContext(ctx)
	}

	resp, ok, err := authn.AuthenticateRequest(req)
	review.Status.Authenticated = ok
	if err != nil {
		review.Status.Error = err.Error()
	}
	if len(auds) > 0 && resp != nil && len(authenticator.Audiences(auds).Intersect(resp.Audiences)) == 0 {
		klog.ErrorS(nil, "Authenticator returned audiences outside of the requested ones", "want", auds, "got", resp.Audiences)
		return nil, errAudiences
	}
	if resp != nil && resp.User != nil {
		review.Status.User = createonly.UserInfo(resp.User)
		review.Status.Audiences = resp.Audiences
	}
	return review, nil
}
