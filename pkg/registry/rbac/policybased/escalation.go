package policybased

import (
	"context"
	"errors"
	"fmt"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	rbacvalidation "k8s.io/component-helpers/auth/rbac/validation"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
)

// EscalationAllowed reports whether the requesting user is in system:masters, which may grant anything.
func EscalationAllowed(ctx context.Context) bool {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return false
	}
	for _, g := range u.GetGroups() {
		if g == user.SystemPrivilegedGroup {
			return true
		}
	}
	return false
}

var roleResources = sets.New(
	schema.GroupResource{Group: rbacv1.GroupName, Resource: "roles"},
	schema.GroupResource{Group: rbacv1.GroupName, Resource: "clusterroles"},
)

// RoleEscalationAuthorized reports whether the user may use the escalate verb on the role the request
// writes.
func RoleEscalationAuthorized(ctx context.Context, a authorizer.Authorizer) bool {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok || a == nil {
		return false
	}
	info, ok := genericapirequest.RequestInfoFrom(ctx)
	if !ok || !info.IsResourceRequest || !roleResources.Has(schema.GroupResource{Group: info.APIGroup, Resource: info.Resource}) {
		return false
	}
	attrs := authorizer.AttributesRecord{
		User: u, Verb: "escalate", APIGroup: info.APIGroup, APIVersion: "*", Resource: info.Resource,
		Name: info.Name, Namespace: info.Namespace, ResourceRequest: true,
	}
	decision, _, err := a.Authorize(ctx, attrs)
	if err != nil {
		utilruntime.HandleError(fmt.Errorf("authorizing user %q to escalate %s %q in namespace %q: %w", u.GetName(), info.Resource, info.Name, info.Namespace, err))
	}
	return decision == authorizer.DecisionAllow
}

// BindingAuthorized reports whether the user may use the bind verb on the role ref names, in the
// binding's namespace ("" for a ClusterRoleBinding).
func BindingAuthorized(ctx context.Context, ref rbacv1.RoleRef, bindingNamespace string, a authorizer.Authorizer) bool {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok || a == nil {
		return false
	}
	attrs := authorizer.AttributesRecord{
		User: u, Verb: "bind", APIGroup: ref.APIGroup, Name: ref.Name, Namespace: bindingNamespace, ResourceRequest: true,
	}
	switch ref.Kind {
	case "ClusterRole":
		attrs.Resource = "clusterroles"
	case "Role":
		attrs.Resource = "roles"
	default:
		return false
	}
	decision, _, err := a.Authorize(ctx, attrs)
	if err != nil {
		utilruntime.HandleError(fmt.Errorf("authorizing user %q to bind %v in namespace %q: %w", u.GetName(), ref, bindingNamespace, err))
	}
	return decision == authorizer.DecisionAllow
}

// ConfirmNoEscalation fails, with kube-apiserver's message listing what is missing, unless the rules
// the user holds in the request's namespace cover rules.
func ConfirmNoEscalation(ctx context.Context, resolver *rbac.Resolver, rules []rbacv1.PolicyRule) error {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return errors.New("no user on context")
	}
	namespace, _ := genericapirequest.NamespaceFrom(ctx)
	// Rules are additive, so a resolution error only means the user may hold fewer rules than exist.
	owned, resolveErr := resolver.RulesFor(ctx, u, namespace)
	covered, missing := rbacvalidation.Covers(owned, rules)
	if covered {
		return nil
	}
	descriptions := sets.New[string]()
	for _, r := range compactRules(missing) {
		descriptions.Insert(compactString(r))
	}
	msg := fmt.Sprintf("user %q (groups=%q) is attempting to grant RBAC permissions not currently held:\n%s", u.GetName(), u.GetGroups(), strings.Join(sets.List(descriptions), "\n"))
	if resolveErr != nil {
		msg += fmt.Sprintf("; resolution errors: %v", []error{resolveErr})
	}
	return errors.New(msg)
}

// compactRules merges rules that name a single API group and resource and nothing but verbs, which is
// the shape Covers' broken-down missing rules take, so the message lists one line per resource.
func compactRules(rules []rbacv1.PolicyRule) []rbacv1.PolicyRule {
	var out []rbacv1.PolicyRule
	simple := map[schema.GroupResource]int{}
	for _, r := range rules {
		gr, ok := simpleResource(r)
		if !ok {
			out = append(out, r)
			continue
		}
		if i, seen := simple[gr]; seen {
			out[i].Verbs = append(out[i].Verbs, r.Verbs...)
			continue
		}
		simple[gr] = len(out)
		out = append(out, *r.DeepCopy())
	}
	return out
}

func simpleResource(r rbacv1.PolicyRule) (schema.GroupResource, bool) {
	if len(r.APIGroups) != 1 || len(r.Resources) != 1 || len(r.ResourceNames) > 0 || len(r.NonResourceURLs) > 0 {
		return schema.GroupResource{}, false
	}
	return schema.GroupResource{Group: r.APIGroups[0], Resource: r.Resources[0]}, true
}

// compactString renders a rule as upstream's escalation message does: only the fields that are set, in
// a fixed order, with quoted values.
func compactString(r rbacv1.PolicyRule) string {
	var parts []string
	add := func(name string, values []string) {
		if len(values) > 0 {
			parts = append(parts, fmt.Sprintf("%s:%q", name, values))
		}
	}
	add("APIGroups", r.APIGroups)
	add("Resources", r.Resources)
	add("NonResourceURLs", r.NonResourceURLs)
	add("ResourceNames", r.ResourceNames)
	add("Verbs", r.Verbs)
	return "{" + strings.Join(parts, ", ") + "}"
}
