package rbac

import (
	"context"
	"fmt"

	rbacv1 "k8s.io/api/rbac/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/authentication/serviceaccount"
	"k8s.io/apiserver/pkg/authentication/user"
)

// RoleGetter reads one Role.
type RoleGetter interface {
	GetRole(ctx context.Context, namespace, name string) (*rbacv1.Role, error)
}

// RoleBindingLister lists the RoleBindings of a namespace.
type RoleBindingLister interface {
	ListRoleBindings(ctx context.Context, namespace string) ([]*rbacv1.RoleBinding, error)
}

// ClusterRoleGetter reads one ClusterRole.
type ClusterRoleGetter interface {
	GetClusterRole(ctx context.Context, name string) (*rbacv1.ClusterRole, error)
}

// ClusterRoleBindingLister lists every ClusterRoleBinding.
type ClusterRoleBindingLister interface {
	ListClusterRoleBindings(ctx context.Context) ([]*rbacv1.ClusterRoleBinding, error)
}

// Resolver finds the rules that apply to a user. The authorizer reads through informers; escalation
// checks read storage, so that a role created a moment ago can be bound at once.
type Resolver struct {
	Roles               RoleGetter
	RoleBindings        RoleBindingLister
	ClusterRoles        ClusterRoleGetter
	ClusterRoleBindings ClusterRoleBindingLister
}

// Visitor receives each rule that applies, with a description of the binding that grants it, or an
// error met while resolving; it returns false to stop the walk.
type Visitor func(source fmt.Stringer, rule *rbacv1.PolicyRule, err error) bool

// RulesFor returns every rule granted to u in namespace (cluster-wide rules only for ""). Rules are
// additive, so on error the rules found are still valid.
func (r *Resolver) RulesFor(ctx context.Context, u user.Info, namespace string) ([]rbacv1.PolicyRule, error) {
	var rules []rbacv1.PolicyRule
	var errs []error
	r.VisitRulesFor(ctx, u, namespace, func(_ fmt.Stringer, rule *rbacv1.PolicyRule, err error) bool {
		if rule != nil {
			rules = append(rules, *rule)
		}
		if err != nil {
			errs = append(errs, err)
		}
		return true
	})
	return rules, utilerrors.NewAggregate(errs)
}

// VisitRulesFor walks the rules of the ClusterRoleBindings, then of the namespace's RoleBindings, that
// name u.
func (r *Resolver) VisitRulesFor(ctx context.Context, u user.Info, namespace string, visit Visitor) {
	clusterBindings, err := r.ClusterRoleBindings.ListClusterRoleBindings(ctx)
	if err != nil {
		if !visit(nil, nil, err) {
			return
		}
	}
	for _, b := range clusterBindings {
		i, ok := appliesTo(u, b.Subjects, "")
		if !ok {
			continue
		}
		if !r.visitRef(ctx, b.RoleRef, "", clusterBindingSource{b, &b.Subjects[i]}, visit) {
			return
		}
	}
	if namespace == "" {
		return
	}
	bindings, err := r.RoleBindings.ListRoleBindings(ctx, namespace)
	if err != nil {
		visit(nil, nil, err)
		return
	}
	for _, b := range bindings {
		i, ok := appliesTo(u, b.Subjects, namespace)
		if !ok {
			continue
		}
		if !r.visitRef(ctx, b.RoleRef, namespace, bindingSource{b, &b.Subjects[i]}, visit) {
			return
		}
	}
}

func (r *Resolver) visitRef(ctx context.Context, ref rbacv1.RoleRef, namespace string, source fmt.Stringer, visit Visitor) bool {
	rules, err := r.GetRoleReferenceRules(ctx, ref, namespace)
	if err != nil {
		return visit(nil, nil, err)
	}
	for i := range rules {
		if !visit(source, &rules[i], nil) {
			return false
		}
	}
	return true
}

// GetRoleReferenceRules returns the rules of the role a binding in bindingNamespace ("" for a
// ClusterRoleBinding) refers to.
func (r *Resolver) GetRoleReferenceRules(ctx context.Context, ref rbacv1.RoleRef, bindingNamespace string) ([]rbacv1.PolicyRule, error) {
	switch ref.Kind {
	case "Role":
		role, err := r.Roles.GetRole(ctx, bindingNamespace, ref.Name)
		if err != nil {
			return nil, err
		}
		return role.Rules, nil
	case "ClusterRole":
		role, err := r.ClusterRoles.GetClusterRole(ctx, ref.Name)
		if err != nil {
			return nil, err
		}
		return role.Rules, nil
	default:
		return nil, fmt.Errorf("unsupported role reference kind: %q", ref.Kind)
	}
}

// appliesTo returns the index of the first subject that names u.
func appliesTo(u user.Info, subjects []rbacv1.Subject, namespace string) (int, bool) {
	for i := range subjects {
		if subjectMatches(u, &subjects[i], namespace) {
			return i, true
		}
	}
	return 0, false
}

// subjectMatches compares a subject with the user. A ServiceAccount subject without a namespace, allowed
// in RoleBindings, means the binding's namespace.
func subjectMatches(u user.Info, s *rbacv1.Subject, namespace string) bool {
	switch s.Kind {
	case rbacv1.UserKind:
		return u.GetName() == s.Name
	case rbacv1.GroupKind:
		for _, g := range u.GetGroups() {
			if g == s.Name {
				return true
			}
		}
		return false
	case rbacv1.ServiceAccountKind:
		ns := s.Namespace
		if ns == "" {
			ns = namespace
		}
		return ns != "" && serviceaccount.MatchesUsername(ns, s.Name, u.GetName())
	default:
		return false
	}
}

// clusterBindingSource describes a ClusterRoleBinding in the reason of an allow decision.
type clusterBindingSource struct {
	binding *rbacv1.ClusterRoleBinding
	subject *rbacv1.Subject
}

func (s clusterBindingSource) String() string {
	return fmt.Sprintf("ClusterRoleBinding %q of %s %q to %s", s.binding.Name, s.binding.RoleRef.Kind, s.binding.RoleRef.Name, describeSubject(s.subject, ""))
}

// bindingSource describes a RoleBinding in the reason of an allow decision.
type bindingSource struct {
	binding *rbacv1.RoleBinding
	subject *rbacv1.Subject
}

func (s bindingSource) String() string {
	return fmt.Sprintf("RoleBinding %q of %s %q to %s", s.binding.Name+"/"+s.binding.Namespace, s.binding.RoleRef.Kind, s.binding.RoleRef.Name, describeSubject(s.subject, s.binding.Namespace))
}

func describeSubject(s *rbacv1.Subject, bindingNamespace string) string {
	if s.Kind != rbacv1.ServiceAccountKind {
		return fmt.Sprintf("%s %q", s.Kind, s.Name)
	}
	ns := s.Namespace
	if ns == "" {
		ns = bindingNamespace
	}
	return fmt.Sprintf("%s %q", s.Kind, s.Name+"/"+ns)
}
