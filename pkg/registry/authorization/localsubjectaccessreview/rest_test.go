package localsubjectaccessreview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

func review(namespace string) *authorizationv1.LocalSubjectAccessReview {
	return &authorizationv1.LocalSubjectAccessReview{
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace},
		Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: &authorizationv1.ResourceAttributes{
			Namespace: namespace, Verb: "get", Resource: "pods",
		}},
	}
}

func TestCreate(t *testing.T) {
	allowInA := authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		if a.GetNamespace() == "a" && a.GetUser().GetName() == "bob" {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "not in a", nil
	})
	r := NewREST(allowInA)
	tests := []struct {
		name       string
		ctx        context.Context
		review     *authorizationv1.LocalSubjectAccessReview
		wantStatus authorizationv1.SubjectAccessReviewStatus
		wantErr    string
	}{
		{"allowed in the request's namespace", genericapirequest.WithNamespace(context.Background(), "a"), review("a"), authorizationv1.SubjectAccessReviewStatus{Allowed: true}, ""},
		{"not allowed in another", genericapirequest.WithNamespace(context.Background(), "b"), review("b"), authorizationv1.SubjectAccessReviewStatus{Reason: "not in a"}, ""},
		{"a request without namespace", context.Background(), review("a"), authorizationv1.SubjectAccessReviewStatus{}, "namespace is required on this type: "},
		{"a review of another namespace than the request's", genericapirequest.WithNamespace(context.Background(), "b"), review("a"), authorizationv1.SubjectAccessReviewStatus{}, "spec.resourceAttributes.namespace must match namespace: b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := r.Create(tt.ctx, tt.review, nil, &metav1.CreateOptions{})
			if tt.wantErr != "" {
				if !apierrors.IsBadRequest(err) || err.Error() != tt.wantErr {
					t.Errorf("got %v, want BadRequest %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantStatus, obj.(*authorizationv1.LocalSubjectAccessReview).Status); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
}
