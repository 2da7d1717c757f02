package createonly

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// echo answers a TokenReview, once admitted, with itself marked authenticated.
func echo(_ context.Context, review *authenticationv1.TokenReview, admit func() error) (runtime.Object, error) {
	if err := admit(); err != nil {
		return nil, err
	}
	review.Status.Authenticated = true
	return review, nil
}

func TestDescribesTheResource(t *testing.T) {
	r := New("tokenreview", true, echo)
	if _, ok := r.New().(*authenticationv1.TokenReview); !ok {
		t.Errorf("New() = %T, want *v1.TokenReview", r.New())
	}
	if !r.NamespaceScoped() || r.GetSingularName() != "tokenreview" {
		t.Errorf("got namespaced %v, singular %q; want true, tokenreview", r.NamespaceScoped(), r.GetSingularName())
	}
}

func TestCreate(t *testing.T) {
	r := New("tokenreview", false, echo)
	review := &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: "t"}}
	var admitted runtime.Object
	obj, err := r.Create(context.Background(), review, func(_ context.Context, obj runtime.Object) error {
		admitted = obj
		return nil
	}, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if obj != review || !review.Status.Authenticated {
		t.Errorf("got %#v, want the answered review", obj)
	}
	if admitted == runtime.Object(review) || admitted.(*authenticationv1.TokenReview).Spec.Token != "t" {
		t.Errorf("admission saw %#v, want a copy of the review", admitted)
	}
	if _, err := r.Create(context.Background(), &authenticationv1.TokenReview{}, nil, &metav1.CreateOptions{}); err != nil {
		t.Errorf("without admission: %v", err)
	}
}

func TestCreateRefusedByAdmission(t *testing.T) {
	r := New("tokenreview", false, echo)
	refuse := func(context.Context, runtime.Object) error {
		return apierrors.NewForbidden(authenticationv1.Resource("tokenreviews"), "", errors.New("no"))
	}
	if _, err := r.Create(context.Background(), &authenticationv1.TokenReview{}, refuse, &metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("got %v, want admission's Forbidden", err)
	}
}

func TestCreateOtherType(t *testing.T) {
	r := New("tokenreview", false, echo)
	_, err := r.Create(context.Background(), &authenticationv1.SelfSubjectReview{}, nil, &metav1.CreateOptions{})
	if !apierrors.IsBadRequest(err) || !strings.HasPrefix(err.Error(), "not a TokenReview: ") {
		t.Errorf("got %v, want BadRequest: not a TokenReview: ...", err)
	}
}

func TestRequestUser(t *testing.T) {
	bob := &user.DefaultInfo{Name: "bob"}
	if u, err := RequestUser(genericapirequest.WithUser(context.Background(), bob)); err != nil || u != bob {
		t.Errorf("got %v, %v; want bob", u, err)
	}
	if _, err := RequestUser(context.Background()); !apierrors.IsBadRequest(err) || err.Error() != "no user present on request" {
		t.Errorf("got %v, want BadRequest: no user present on request", err)
	}
}

func TestUserInfo(t *testing.T) {
	bob := &user.DefaultInfo{Name: "bob", UID: "42", Groups: []string{"dev"}, Extra: map[string][]string{"scopes": {"a", "b"}}}
	want := authenticationv1.UserInfo{Username: "bob", UID: "42", Groups: []string{"dev"}, Extra: map[string]authenticationv1.ExtraValue{"scopes": {"a", "b"}}}
	if got := UserInfo(bob); !reflect.DeepEqual(got, want) {
		t.Errorf("UserInfo(bob) = %+v, want %+v", got, want)
	}
	if got := UserInfo(&user.DefaultInfo{Name: "alice"}); got.Extra == nil || len(got.Extra) != 0 {
		t.Errorf("UserInfo(alice).Extra = %#v, want an empty map", got.Extra)
	}
}
