package selfsubjectaccessreview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

func TestCreate(t *testing.T) {
	var asked authorizer.Attributes
	r := NewREST(authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		asked = a
		return authorizer.DecisionAllow, "", nil
	}))
	me := &user.DefaultInfo{Name: "bob", Groups: []string{"dev", user.AllAuthenticated}}
	ctx := genericapirequest.WithUser(context.Background(), me)
	obj, err := r.Create(ctx, &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
		ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: "ns", Verb: "watch", Group: "apps", Version: "v1", Resource: "deployments"},
	}}, nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(authorizationv1.SubjectAccessReviewStatus{Allowed: true}, obj.(*authorizationv1.SelfSubjectAccessReview).Status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	if asked.GetUser() != me || asked.GetVerb() != "watch" || asked.GetAPIGroup() != "apps" || asked.GetAPIVersion() != "v1" || asked.GetNamespace() != "ns" {
		t.Errorf("asked about %+v, want the requesting user watching apps/v1 deployments in ns", asked)
	}
}

func TestCreateWithoutUser(t *testing.T) {
	r := NewREST(authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
		return authorizer.DecisionAllow, "", nil
	}))
	_, err := r.Create(context.Background(), &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
		NonResourceAttributes: &authorizationv1.NonResourceAttributes{Path: "/api", Verb: "get"},
	}}, nil, &metav1.CreateOptions{})
	if !apierrors.IsBadRequest(err) || err.Error() != "no user present on request" {
		t.Errorf("got %v, want BadRequest: no user present on request", err)
	}
}
