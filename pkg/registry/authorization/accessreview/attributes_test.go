package accessreview

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/selection"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

func TestSubjectAttributes(t *testing.T) {
	attrs := SubjectAttributes(authorizationv1.SubjectAccessReviewSpec{
		User: "bob", Groups: []string{"dev"}, UID: "42",
		Extra:              map[string]authorizationv1.ExtraValue{"scopes": {"a", "b"}},
		ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: "ns", Verb: "get", Group: "apps", Resource: "deployments", Subresource: "scale", Name: "web"},
	})
	wantUser := &user.DefaultInfo{Name: "bob", Groups: []string{"dev"}, UID: "42", Extra: map[string][]string{"scopes": {"a", "b"}}}
	if diff := cmp.Diff(wantUser, attrs.User); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
	attrs.User = nil
	want := authorizer.AttributesRecord{Verb: "get", Namespace: "ns", APIGroup: "apps", APIVersion: "*", Resource: "deployments", Subresource: "scale", Name: "web", ResourceRequest: true}
	if diff := cmp.Diff(want, attrs); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
}

func TestNonResourceAttributes(t *testing.T) {
	u := &user.DefaultInfo{Name: "bob"}
	got := Attributes(u, nil, &authorizationv1.NonResourceAttributes{Path: "/healthz", Verb: "get"})
	want := authorizer.AttributesRecord{User: u, Verb: "get", Path: "/healthz"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
}

func TestStatus(t *testing.T) {
	plain := authorizer.AttributesRecord{ResourceRequest: true, Verb: "list", Resource: "pods"}
	withSelectors := func(field *authorizationv1.FieldSelectorAttributes, label *authorizationv1.LabelSelectorAttributes) authorizer.AttributesRecord {
		return Attributes(&user.DefaultInfo{Name: "bob"}, &authorizationv1.ResourceAttributes{Verb: "list", Resource: "pods", FieldSelector: field, LabelSelector: label}, nil)
	}
	tests := []struct {
		name     string
		decision authorizer.Decision
		reason   string
		err      error
		attrs    authorizer.AttributesRecord
		want     authorizationv1.SubjectAccessReviewStatus
	}{
		{"allow", authorizer.DecisionAllow, "", nil, plain, authorizationv1.SubjectAccessReviewStatus{Allowed: true}},
		{"deny", authorizer.DecisionDeny, "nope", nil, plain, authorizationv1.SubjectAccessReviewStatus{Denied: true, Reason: "nope"}},
		{"no opinion", authorizer.DecisionNoOpinion, "no rule", nil, plain, authorizationv1.SubjectAccessReviewStatus{Reason: "no rule"}},
		{"an authorizer error", authorizer.DecisionNoOpinion, "", errors.New("webhook down"), plain, authorizationv1.SubjectAccessReviewStatus{EvaluationError: "webhook down"}},
		{
			"a field selector that does not parse",
			authorizer.DecisionAllow, "", nil,
			withSelectors(&authorizationv1.FieldSelectorAttributes{RawSelector: "spec.nodeName"}, nil),
			authorizationv1.SubjectAccessReviewStatus{Allowed: true, EvaluationError: "spec.resourceAttributes.fieldSelector ignored due to parse error"},
		},
		{
			"a field selector partly understood, and an error",
			authorizer.DecisionNoOpinion, "", errors.New("webhook down"),
			withSelectors(&authorizationv1.FieldSelectorAttributes{Requirements: []metav1.FieldSelectorRequirement{
				{Key: "spec.nodeName", Operator: metav1.FieldSelectorOpIn, Values: []string{"a"}},
				{Key: "spec.nodeName", Operator: metav1.FieldSelectorOpExists},
			}}, nil),
			authorizationv1.SubjectAccessReviewStatus{EvaluationError: "webhook down; spec.resourceAttributes.fieldSelector partially ignored due to parse error"},
		},
		{
			"a label selector with an unknown operator",
			authorizer.DecisionAllow, "", nil,
			withSelectors(nil, &authorizationv1.LabelSelectorAttributes{Requirements: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Matches", Values: []string{"x"}}}}),
			authorizationv1.SubjectAccessReviewStatus{Allowed: true, EvaluationError: "spec.resourceAttributes.labelSelector ignored due to parse error"},
		},
		{
			"selectors that parse",
			authorizer.DecisionAllow, "", nil,
			withSelectors(&authorizationv1.FieldSelectorAttributes{RawSelector: "spec.nodeName=a"}, &authorizationv1.LabelSelectorAttributes{RawSelector: "app in (a,b)"}),
			authorizationv1.SubjectAccessReviewStatus{Allowed: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Status(tt.decision, tt.reason, tt.err, tt.attrs)); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldRequirements(t *testing.T) {
	reqs, err := fieldRequirements(&authorizationv1.FieldSelectorAttributes{Requirements: []metav1.FieldSelectorRequirement{
		{Key: "spec.nodeName", Operator: metav1.FieldSelectorOpIn, Values: []string{"a"}},
		{Key: "metadata.name", Operator: metav1.FieldSelectorOpNotIn, Values: []string{"b"}},
		{Key: "status.phase", Operator: metav1.FieldSelectorOpIn, Values: []string{"x", "y"}},
		{Key: "status.phase", Operator: metav1.FieldSelectorOpNotIn},
		{Key: "status.phase", Operator: "Like", Values: []string{"z"}},
	}})
	want := fields.Requirements{
		{Field: "spec.nodeName", Operator: selection.Equals, Value: "a"},
		{Field: "metadata.name", Operator: selection.NotEquals, Value: "b"},
	}
	if diff := cmp.Diff(want, reqs); diff != "" {
		t.Errorf("requirements (-want +got):\n%s", diff)
	}
	wantErr := `[fieldSelectors do not yet support multiple values, fieldSelectors not in must have one value, "Like" is not a valid field selector operator]`
	if err == nil || err.Error() != wantErr {
		t.Errorf("got error %v, want %s", err, wantErr)
	}
}

func TestLabelRequirements(t *testing.T) {
	reqs, err := labelRequirements(&authorizationv1.LabelSelectorAttributes{Requirements: []metav1.LabelSelectorRequirement{
		{Key: "app", Operator: metav1.LabelSelectorOpIn, Values: []string{"web"}},
		{Key: "tier", Operator: metav1.LabelSelectorOpDoesNotExist},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range reqs {
		got = append(got, r.String())
	}
	if diff := cmp.Diff([]string{"app in (web)", "!tier"}, got); diff != "" {
		t.Errorf("requirements (-want +got):\n%s", diff)
	}
}
