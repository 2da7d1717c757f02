package subjectaccessreview

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

func TestCreate(t *testing.T) {
	var asked authorizer.Attributes
	r := NewREST(authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		asked = a
		return authorizer.DecisionDeny, "denied by policy", errors.New("partial outage")
	}))
	sar := &authorizationv1.SubjectAccessReview{
		Spec:   authorizationv1.SubjectAccessReviewSpec{User: "bob", Groups: []string{"dev"}, NonResourceAttributes: &authorizationv1.NonResourceAttributes{Path: "/logs", Verb: "get"}},
		Status: authorizationv1.SubjectAccessReviewStatus{Allowed: true, Reason: "the client's own answer"},
	}
	obj, err := r.Create(context.Background(), sar, nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := authorizationv1.SubjectAccessReviewStatus{Denied: true, Reason: "denied by policy", EvaluationError: "partial outage"}
	if diff := cmp.Diff(want, obj.(*authorizationv1.SubjectAccessReview).Status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&user.DefaultInfo{Name: "bob", Groups: []string{"dev"}}, asked.GetUser()); diff != "" {
		t.Errorf("asked about user (-want +got):\n%s", diff)
	}
	if asked.IsResourceRequest() || asked.GetPath() != "/logs" || asked.GetVerb() != "get" {
		t.Errorf("asked about %+v, want get /logs", asked)
	}
}

func TestCreateInvalid(t *testing.T) {
	r := NewREST(authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
		t.Error("an invalid review reached the authorizer")
		return authorizer.DecisionAllow, "", nil
	}))
	_, err := r.Create(context.Background(), &authorizationv1.SubjectAccessReview{
		Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "get", Resource: "pods"}},
	}, nil, &metav1.CreateOptions{})
	const want = `SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`
	if !apierrors.IsInvalid(err) || err.Error() != want {
		t.Errorf("got %v, want Invalid: %s", err, want)
	}
}

func TestCreateAdmissionRefuses(t *testing.T) {
	r := NewREST(authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
		t.Error("a refused review reached the authorizer")
		return authorizer.DecisionAllow, "", nil
	}))
	refuse := func(context.Context, runtime.Object) error {
		return apierrors.NewForbidden(authorizationv1.Resource("subjectaccessreviews"), "", errors.New("admission says no"))
	}
	_, err := r.Create(context.Background(), &authorizationv1.SubjectAccessReview{
		Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "get", Resource: "pods"}},
	}, refuse, &metav1.CreateOptions{})
	if !apierrors.IsForbidden(err) {
		t.Errorf("got %v, want admission's Forbidden", err)
	}
}
