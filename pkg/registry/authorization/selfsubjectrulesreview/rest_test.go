package selfsubjectrulesreview

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// resolverFunc answers RulesFor with a function.
type resolverFunc func(user.Info, string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error)

func (f resolverFunc) RulesFor(_ context.Context, u user.Info, ns string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
	return f(u, ns)
}

func TestCreate(t *testing.T) {
	r := NewREST(resolverFunc(func(u user.Info, ns string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
		if u.GetName() != "bob" || ns != "team" {
			t.Errorf("asked for %s in %s, want bob in team", u.GetName(), ns)
		}
		return []authorizer.ResourceRuleInfo{&authorizer.DefaultResourceRuleInfo{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods"}, ResourceNames: []string{"web"}}},
			[]authorizer.NonResourceRuleInfo{&authorizer.DefaultNonResourceRuleInfo{Verbs: []string{"get"}, NonResourceURLs: []string{"/healthz"}}},
			true, errors.New("webhook cannot list rules")
	}))
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "bob"})
	obj, err := r.Create(ctx, &authorizationv1.SelfSubjectRulesReview{Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: "team"}}, nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := &authorizationv1.SelfSubjectRulesReview{Status: authorizationv1.SubjectRulesReviewStatus{
		ResourceRules:    []authorizationv1.ResourceRule{{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods"}, ResourceNames: []string{"web"}}},
		NonResourceRules: []authorizationv1.NonResourceRule{{Verbs: []string{"get"}, NonResourceURLs: []string{"/healthz"}}},
		Incomplete:       true,
		EvaluationError:  "webhook cannot list rules",
	}}
	if diff := cmp.Diff(want, obj); diff != "" {
		t.Errorf("review (-want +got):\n%s", diff)
	}
}

func TestCreateNoRules(t *testing.T) {
	r := NewREST(resolverFunc(func(user.Info, string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
		return nil, nil, false, nil
	}))
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "bob"})
	obj, err := r.Create(ctx, &authorizationv1.SelfSubjectRulesReview{Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: "team"}}, nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	status := obj.(*authorizationv1.SelfSubjectRulesReview).Status
	// Empty lists, not none: the JSON answer says "resourceRules": [] as kube-apiserver's does.
	if status.ResourceRules == nil || status.NonResourceRules == nil || len(status.ResourceRules)+len(status.NonResourceRules) != 0 {
		t.Errorf("got %#v, want empty rule lists", status)
	}
}

func TestCreateBadRequests(t *testing.T) {
	r := NewREST(resolverFunc(func(user.Info, string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
		t.Error("a bad request reached the resolver")
		return nil, nil, false, nil
	}))
	tests := []struct {
		name string
		ctx  context.Context
		ns   string
		want string
	}{
		{"no user", context.Background(), "team", "no user present on request"},
		{"no namespace", genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "bob"}), "", "no namespace on request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Create(tt.ctx, &authorizationv1.SelfSubjectRulesReview{Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: tt.ns}}, nil, &metav1.CreateOptions{})
			if !apierrors.IsBadRequest(err) || err.Error() != tt.want {
				t.Errorf("got %v, want BadRequest %q", err, tt.want)
			}
		})
	}
}
