// Package selfsubjectrulesreview serves SelfSubjectRulesReview: "what may I do in this namespace?",
// the question `kubectl auth can-i --list` asks, answered by the server's rule resolver and never
// stored.
package selfsubjectrulesreview

import (
	"context"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/registry/createonly"
)

// REST answers SelfSubjectRulesReviews.
type REST = createonly.REST[authorizationv1.SelfSubjectRulesReview, *authorizationv1.SelfSubjectRulesReview]

// NewREST returns the storage of selfsubjectrulesreviews, asking resolver. The namespace asked about is
// in the spec, so the resource is not namespaced.
func NewREST(resolver authorizer.RuleResolver) *REST {
	return createonly.New("selfsubjectrulesreview", false, func(ctx context.Context, review *authorizationv1.SelfSubjectRulesReview, _ func() error) (runtime.Object, error) {
		return answer(ctx, resolver, review)
	})
}

// answer lists the rules that apply to the requesting user in spec.namespace. The answer carries only a
// status; incomplete says the list may leave out what some authorizer allows.
func answer(ctx context.Context, resolver authorizer.RuleResolver, review *authorizationv1.SelfSubjectRulesReview) (runtime.Object, error) {
	u, err := createonly.RequestUser(ctx)
	if err != nil {
		return nil, err
	}
	if review.Spec.Namespace == "" {
		return nil, apierrors.NewBadRequest("no namespace on request")
	}
	resourceRules, nonResourceRules, incomplete, err := resolver.RulesFor(ctx, u, review.Spec.Namespace)
	status := authorizationv1.SubjectRulesReviewStatus{
		ResourceRules:    make([]authorizationv1.ResourceRule, 0, len(resourceRules)),
		NonResourceRules: make([]authorizationv1.NonResourceRule, 0, len(nonResourceRules)),
		Incomplete:       incomplete,
	}
	for _, rule := range resourceRules {
		status.ResourceRules = append(status.ResourceRules, authorizationv1.ResourceRule{
			Verbs:         rule.GetVerbs(),
			APIGroups:     rule.GetAPIGroups(),
			Resources:     rule.GetResources(),
			ResourceNames: rule.GetResourceNames(),
		})
	}
	for _, rule := range nonResourceRules {
		status.NonResourceRules = append(status.NonResourceRules, authorizationv1.NonResourceRule{
			Verbs:           rule.GetVerbs(),
			NonResourceURLs: rule.GetNonResourceURLs(),
		})
	}
	if err != nil {
		status.EvaluationError = err.Error()
	}
	return &authorizationv1.SelfSubjectRulesReview{Status: status}, nil
}
