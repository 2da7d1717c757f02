package policybased

import (
	"context"
	"errors"

	rbacv1 "k8s.io/api/rbac/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
)

// Guard is a store whose creates and updates pass an escalation check first. Everything else, reads,
// deletes, tables and so on, is the store's.
type Guard struct {
	*genericregistry.Store
	// trusted requests skip the check.
	trusted func(ctx context.Context) bool
	// check vets the object to write; old is nil on create.
	check func(ctx context.Context, obj, old runtime.Object) error
}

// Create checks obj, then creates it.
func (g *Guard) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	if !g.trusted(ctx) {
		if err := g.check(ctx, obj, nil); err != nil {
			return nil, err
		}
	}
	return g.Store.Create(ctx, obj, createValidation, options)
}

// Update checks the updated object, unless the update only touches what the garbage collector writes
// (owner references, finalizers), then writes it.
func (g *Guard) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	if g.trusted(ctx) {
		return g.Store.Update(ctx, name, objInfo, createValidation, updateValidation, forceAllowCreate, options)
	}
	checked := rest.WrapUpdatedObjectInfo(objInfo, func(ctx context.Context, obj, old runtime.Object) (runtime.Object, error) {
		if onlyGCFieldsChange(obj, old) {
			return obj, nil
		}
		return obj, g.check(ctx, obj, old)
	})
	return g.Store.Update(ctx, name, checked, createValidation, updateValidation, forceAllowCreate, options)
}

// onlyGCFieldsChange reports whether obj equals old but for owner references and finalizers.
func onlyGCFieldsChange(obj, old runtime.Object) bool {
	if old == nil {
		return false
	}
	copied := obj.DeepCopyObject()
	copiedMeta, err := meta.Accessor(copied)
	if err != nil {
		return false
	}
	oldMeta, err := meta.Accessor(old)
	if err != nil {
		return false
	}
	copiedMeta.SetOwnerReferences(oldMeta.GetOwnerReferences())
	copiedMeta.SetFinalizers(oldMeta.GetFinalizers())
	copiedMeta.SetManagedFields(oldMeta.GetManagedFields())
	return apiequality.Semantic.DeepEqual(copied, old)
}

// Policy holds what the checks need: the server's authorizer, for the escalate and bind verbs, and a
// resolver that reads storage, so that a role written a moment ago is seen at once.
type Policy struct {
	Authorizer authorizer.Authorizer
	Resolver   *rbac.Resolver
}

// fullAuthority is what setting an aggregationRule requires, since the rule can gather any permission.
var fullAuthority = []rbacv1.PolicyRule{
	{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}},
	{Verbs: []string{"*"}, NonResourceURLs: []string{"*"}},
}

func (p Policy) trustedToEscalateRoles(ctx context.Context) bool {
	return EscalationAllowed(ctx) || RoleEscalationAuthorized(ctx, p.Authorizer)
}

func (p Policy) confirm(ctx context.Context, resource, name string, rules []rbacv1.PolicyRule) error {
	if err := ConfirmNoEscalation(ctx, p.Resolver, rules); err != nil {
		return apierrors.NewForbidden(rbacv1.Resource(resource), name, err)
	}
	return nil
}

// Roles guards a roles store.
func (p Policy) Roles(s *genericregistry.Store) *Guard {
	return &Guard{Store: s, trusted: p.trustedToEscalateRoles, check: func(ctx context.Context, obj, _ runtime.Object) error {
		role := obj.(*rbacv1.Role)
		return p.confirm(ctx, "roles", role.Name, role.Rules)
	}}
}

// ClusterRoles guards a clusterroles store. Adding, keeping or removing an aggregationRule needs full
// authority on top of the rules themselves.
func (p Policy) ClusterRoles(s *genericregistry.Store) *Guard {
	return &Guard{Store: s, trusted: p.trustedToEscalateRoles, check: func(ctx context.Context, obj, old runtime.Object) error {
		role := obj.(*rbacv1.ClusterRole)
		if err := p.confirm(ctx, "clusterroles", role.Name, role.Rules); err != nil {
			return err
		}
		oldRole, _ := old.(*rbacv1.ClusterRole)
		if hasAggregationRule(role) || hasAggregationRule(oldRole) {
			if err := ConfirmNoEscalation(ctx, p.Resolver, fullAuthority); err != nil {
				return apierrors.NewForbidden(rbacv1.Resource("clusterroles"), role.Name, errors.New("must have cluster-admin privileges to use the aggregationRule"))
			}
		}
		return nil
	}}
}

func hasAggregationRule(role *rbacv1.ClusterRole) bool {
	return role != nil && role.AggregationRule != nil && len(role.AggregationRule.ClusterRoleSelectors) > 0
}

// RoleBindings guards a rolebindings store.
func (p Policy) RoleBindings(s *genericregistry.Store) *Guard {
	return &Guard{Store: s, trusted: EscalationAllowed, check: func(ctx context.Context, obj, _ runtime.Object) error {
		namespace, ok := genericapirequest.NamespaceFrom(ctx)
		if !ok {
			return apierrors.NewBadRequest("namespace is required")
		}
		b := obj.(*rbacv1.RoleBinding)
		return p.checkBinding(ctx, "rolebindings", b.Name, b.RoleRef, namespace)
	}}
}

// ClusterRoleBindings guards a clusterrolebindings store.
func (p Policy) ClusterRoleBindings(s *genericregistry.Store) *Guard {
	return &Guard{Store: s, trusted: EscalationAllowed, check: func(ctx context.Context, obj, _ runtime.Object) error {
		b := obj.(*rbacv1.ClusterRoleBinding)
		return p.checkBinding(ctx, "clusterrolebindings", b.Name, b.RoleRef, "")
	}}
}

// checkBinding allows a binding its author may bind explicitly, or whose role's rules the author holds.
// A role that does not exist cannot be checked, and its not-found error is returned.
func (p Policy) checkBinding(ctx context.Context, resource, name string, ref rbacv1.RoleRef, namespace string) error {
	if BindingAuthorized(ctx, ref, namespace, p.Authorizer) {
		return nil
	}
	rules, err := p.Resolver.GetRoleReferenceRules(ctx, ref, namespace)
	if err != nil {
		return err
	}
	return p.confirm(ctx, resource, name, rules)
}
