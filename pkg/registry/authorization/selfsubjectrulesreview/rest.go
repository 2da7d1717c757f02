// Package selfsubjectrulesreview serves SelfSubjectRulesReview: "what may I do in this namespace?",
// the question `kubectl auth can-i --list` asks, answered by the server's rule resolver and never
// stored.
package selfsubjectrulesreview

import (
	"context"
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// REST answers SelfSubjectRulesReviews.
type REST struct {
	resolver authorizer.RuleResolver
}

var (
	_ rest.Creater              = &REST{}
	_ rest.Scoper               = &REST{}
	_ rest.SingularNameProvider = &REST{}
)

// NewREST returns the storage of selfsubjectrulesreviews, asking resolver.
func NewREST(resolver authorizer.RuleResolver) *REST {
	return &REST{resolver: resolver}
}

// New returns an empty SelfSubjectRulesReview.
func (r *REST) New() runtime.Object {
	return &authorizationv1.SelfSubjectRulesReview{}
}

// Destroy has nothing to release: reviews are not stored.
func (r *REST) Destroy() {}

// NamespaceScoped is false: the namespace asked about is in the spec.
func (r *REST) NamespaceScoped() bool {
	return false
}

// GetSingularName is the resource's singular name, for discovery.
func (r *REST) GetSingularName() string {
	return "selfsubjectrulesreview"
}

// Create lists the rules that apply to the requesting user in spec.namespace. The answer carries only a
// status; incomplete says the list may leave out what some authorizer allows.
func (r *REST) Create(ctx context.Context, obj runtime.Object, _ rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	review, ok := obj.(*authorizationv1.SelfSubjectRulesReview)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a SelfSubjectRulesReview: %#v", obj))
	}
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return nil, apierrors.NewBadRequest("no user present on request")
	}
	if review.Spec.Namespace == "" {
		return nil, apierrors.NewBadRequest("no namespace on request")
	}
	resourceRules, nonResourceRules, incomplete, err := r.resolver.RulesFor(ctx, u, review.Spec.Namespace)
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
