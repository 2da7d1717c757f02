// Package abac is the ABAC authorizer: it allows a request when one line of the
// --authorization-policy-file matches its user, verb and resource or path, and has no opinion otherwise.
package abac

import (
	"context"
	"slices"
	"strings"

	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
)

// wildcard matches every value of a policy field.
const wildcard = "*"

// noMatchReason is kube-apiserver's reason when no policy line matched.
const noMatchReason = "No policy matched."

// PolicyList is a policy file's rules, in file order.
type PolicyList []*abac.Policy

var (
	_ authorizer.Authorizer   = PolicyList(nil)
	_ authorizer.RuleResolver = PolicyList(nil)
)

// Authorize allows the request when any rule matches it.
func (pl PolicyList) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	for _, p := range pl {
		if matches(&p.Spec, a) {
			return authorizer.DecisionAllow, "", nil
		}
	}
	return authorizer.DecisionNoOpinion, noMatchReason, nil
}

// ConditionsAwareAuthorize answers as Authorize: ABAC rules carry no conditions.
func (pl PolicyList) ConditionsAwareAuthorize(ctx context.Context, a authorizer.Attributes) authorizer.ConditionsAwareDecision {
	return authorizer.ConditionsAwareDecisionFromParts(pl.Authorize(ctx, a))
}

// EvaluateConditions fails closed: ABAC never returns a conditional decision to evaluate.
func (PolicyList) EvaluateConditions(context.Context, authorizer.ConditionsAwareDecision, authorizer.ConditionsData) (authorizer.Decision, string, error) {
	return authorizer.DecisionDeny, "", authorizer.ErrorConditionEvaluationNotSupported
}

// RulesFor lists, as RBAC-style rules, what the rules that apply to u allow in namespace. The list is
// complete: ABAC has nothing it cannot express as such a rule.
func (pl PolicyList) RulesFor(_ context.Context, u user.Info, namespace string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
	var (
		resourceRules    []authorizer.ResourceRuleInfo
		nonResourceRules []authorizer.NonResourceRuleInfo
	)
	for _, p := range pl {
		s := &p.Spec
		if !subjectMatches(s, u) || (s.Namespace != wildcard && s.Namespace != namespace) {
			continue
		}
		if s.Resource != "" {
			resourceRules = append(resourceRules, &authorizer.DefaultResourceRuleInfo{
				Verbs:     verbs(s.Readonly),
				APIGroups: []string{s.APIGroup},
				Resources: []string{s.Resource},
			})
		}
		if s.NonResourcePath != "" {
			nonResourceRules = append(nonResourceRules, &authorizer.DefaultNonResourceRuleInfo{
				Verbs:           verbs(s.Readonly),
				NonResourceURLs: []string{s.NonResourcePath},
			})
		}
	}
	return resourceRules, nonResourceRules, false, nil
}

// verbs are the verbs a rule allows, as RBAC spells them.
func verbs(readonly bool) []string {
	if readonly {
		return []string{"get", "list", "watch"}
	}
	return []string{wildcard}
}

// matches reports whether s allows the request. A rule allows resource requests or non-resource
// requests, never both for the same request.
func matches(s *abac.PolicySpec, a authorizer.Attributes) bool {
	if !subjectMatches(s, a.GetUser()) {
		return false
	}
	if s.Readonly && !a.IsReadOnly() {
		return false
	}
	if a.IsResourceRequest() {
		return fieldMatches(s.Namespace, a.GetNamespace()) &&
			fieldMatches(s.Resource, a.GetResource()) &&
			fieldMatches(s.APIGroup, a.GetAPIGroup())
	}
	return pathMatches(s.NonResourcePath, a.GetPath())
}

// subjectMatches reports whether the rule applies to u: every subject field the rule sets must match,
// and a rule that sets neither applies to nobody.
func subjectMatches(s *abac.PolicySpec, u user.Info) bool {
	if u == nil || (s.User == "" && s.Group == "") {
		return false
	}
	if s.User != "" && s.User != wildcard && s.User != u.GetName() {
		return false
	}
	if s.Group != "" && s.Group != wildcard && !slices.Contains(u.GetGroups(), s.Group) {
		return false
	}
	return true
}

// fieldMatches matches a namespace, resource or API group: "*" or the exact value. An empty rule
// field matches only the empty value, such as the cluster scope's namespace or the core group.
func fieldMatches(rule, value string) bool {
	return rule == wildcard || rule == value
}

// pathMatches matches a non-resource path: "*", the exact path, or a prefix ending in "*".
func pathMatches(rule, path string) bool {
	if rule == wildcard || rule == path {
		return true
	}
	return strings.HasSuffix(rule, wildcard) && strings.HasPrefix(path, strings.TrimRight(rule, wildcard))
}
