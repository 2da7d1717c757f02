package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// messages renders errors as the Status causes a client sees.
func messages(errs field.ErrorList) []string {
	out := []string{}
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

var (
	getPods  = &authorizationv1.ResourceAttributes{Namespace: "ns", Verb: "get", Resource: "pods"}
	getAPI   = &authorizationv1.NonResourceAttributes{Path: "/api", Verb: "get"}
	selector = func(raw string, reqs ...metav1.FieldSelectorRequirement) *authorizationv1.ResourceAttributes {
		return &authorizationv1.ResourceAttributes{Verb: "list", Resource: "pods", FieldSelector: &authorizationv1.FieldSelectorAttributes{RawSelector: raw, Requirements: reqs}}
	}
)

func TestValidateSubjectAccessReview(t *testing.T) {
	tests := []struct {
		name string
		sar  authorizationv1.SubjectAccessReview
		want []string
	}{
		{"resource attributes for a user", authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}}, []string{}},
		{"non-resource attributes for a group", authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{NonResourceAttributes: getAPI, Groups: []string{"dev"}}}, []string{}},
		{
			"managed fields are the server's, not the client's",
			authorizationv1.SubjectAccessReview{ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}}, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}},
			[]string{},
		},
		{
			"both kinds of attributes",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, NonResourceAttributes: getAPI, User: "bob"}},
			[]string{`spec.nonResourceAttributes: Invalid value: {"path":"/api","verb":"get"}: cannot be specified in combination with resourceAttributes`},
		},
		{
			"no attributes and no subject",
			authorizationv1.SubjectAccessReview{},
			[]string{
				"spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified",
				`spec.user: Invalid value: "": at least one of user or group must be specified`,
			},
		},
		{
			"metadata",
			authorizationv1.SubjectAccessReview{ObjectMeta: metav1.ObjectMeta{Name: "mine"}, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}},
			[]string{`metadata: Invalid value: {"name":"mine"}: must be empty`},
		},
		{
			"raw field selector and requirements together",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: selector("spec.nodeName=a", metav1.FieldSelectorRequirement{Key: "spec.nodeName", Operator: metav1.FieldSelectorOpIn, Values: []string{"a"}})}},
			[]string{`spec.resourceAttributes.fieldSelector.rawSelector: Invalid value: "spec.nodeName=a": may not specified at the same time as requirements`},
		},
		{
			"empty field selector",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: selector("")}},
			[]string{"spec.resourceAttributes.fieldSelector.requirements: Required value: when spec.resourceAttributes.fieldSelector is specified, requirements or rawSelector is required"},
		},
		{
			"field selector requirement without key",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: selector("", metav1.FieldSelectorRequirement{Operator: metav1.FieldSelectorOpIn, Values: []string{"a"}})}},
			[]string{"spec.resourceAttributes.fieldSelector.requirements[0].key: Required value: must be specified"},
		},
		{
			"unknown field selector operator passes",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: selector("", metav1.FieldSelectorRequirement{Key: "spec.nodeName", Operator: "Matches", Values: []string{"a"}})}},
			[]string{},
		},
		{
			"empty label selector",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "list", Resource: "pods", LabelSelector: &authorizationv1.LabelSelectorAttributes{}}}},
			[]string{"spec.resourceAttributes.labelSelector.requirements: Required value: when spec.resourceAttributes.labelSelector is specified, requirements or rawSelector is required"},
		},
		{
			"label selector requirement with a bad key",
			authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: "bob", ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "list", Resource: "pods", LabelSelector: &authorizationv1.LabelSelectorAttributes{
				Requirements: []metav1.LabelSelectorRequirement{{Key: "-bad", Operator: metav1.LabelSelectorOpExists}},
			}}}},
			[]string{`spec.resourceAttributes.labelSelector.requirements[0].key: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, messages(ValidateSubjectAccessReview(&tt.sar))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateSelfSubjectAccessReview(t *testing.T) {
	tests := []struct {
		name string
		sar  authorizationv1.SelfSubjectAccessReview
		want []string
	}{
		{"resource attributes", authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: getPods}}, []string{}},
		{"non-resource attributes", authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{NonResourceAttributes: getAPI}}, []string{}},
		{"no attributes", authorizationv1.SelfSubjectAccessReview{}, []string{"spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified"}},
		{
			"both kinds of attributes",
			authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: getPods, NonResourceAttributes: getAPI}},
			[]string{`spec.nonResourceAttributes: Invalid value: {"path":"/api","verb":"get"}: cannot be specified in combination with resourceAttributes`},
		},
		{
			"a namespace in metadata",
			authorizationv1.SelfSubjectAccessReview{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: getPods}},
			[]string{`metadata: Invalid value: {"namespace":"ns"}: must be empty`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, messages(ValidateSelfSubjectAccessReview(&tt.sar))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateLocalSubjectAccessReview(t *testing.T) {
	inNS := metav1.ObjectMeta{Namespace: "ns"}
	tests := []struct {
		name string
		sar  authorizationv1.LocalSubjectAccessReview
		want []string
	}{
		{"resource attributes in the review's namespace", authorizationv1.LocalSubjectAccessReview{ObjectMeta: inNS, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}}, []string{}},
		{
			"resource attributes in another namespace",
			authorizationv1.LocalSubjectAccessReview{ObjectMeta: metav1.ObjectMeta{Namespace: "other"}, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}},
			[]string{`spec.resourceAttributes.namespace: Invalid value: "ns": must match metadata.namespace`},
		},
		{
			"non-resource attributes",
			authorizationv1.LocalSubjectAccessReview{ObjectMeta: inNS, Spec: authorizationv1.SubjectAccessReviewSpec{NonResourceAttributes: getAPI, User: "bob"}},
			[]string{`spec.nonResourceAttributes: Invalid value: {"path":"/api","verb":"get"}: disallowed on this kind of request`},
		},
		{
			"metadata besides the namespace",
			authorizationv1.LocalSubjectAccessReview{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Labels: map[string]string{"a": "b"}}, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods, User: "bob"}},
			[]string{`metadata: Invalid value: {"namespace":"ns","labels":{"a":"b"}}: must be empty except for namespace`},
		},
		{
			"no subject",
			authorizationv1.LocalSubjectAccessReview{ObjectMeta: inNS, Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: getPods}},
			[]string{`spec.user: Invalid value: "": at least one of user or group must be specified`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, messages(ValidateLocalSubjectAccessReview(&tt.sar))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
