package policybased

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
)

// Stores are the four RBAC stores.
type Stores struct {
	Roles, RoleBindings, ClusterRoles, ClusterRoleBindings *genericregistry.Store
}

// Resolver returns a rule resolver that reads the stores directly.
func (s Stores) Resolver() *rbac.Resolver {
	return &rbac.Resolver{Roles: s, RoleBindings: s, ClusterRoles: s, ClusterRoleBindings: s}
}

// GetRole reads a role from storage.
func (s Stores) GetRole(ctx context.Context, namespace, name string) (*rbacv1.Role, error) {
	obj, err := s.Roles.Get(genericapirequest.WithNamespace(ctx, namespace), name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return obj.(*rbacv1.Role), nil
}

// ListRoleBindings lists a namespace's role bindings from storage.
func (s Stores) ListRoleBindings(ctx context.Context, namespace string) ([]*rbacv1.RoleBinding, error) {
	obj, err := s.RoleBindings.List(genericapirequest.WithNamespace(ctx, namespace), &metainternalversion.ListOptions{})
	if err != nil {
		return nil, err
	}
	list := obj.(*rbacv1.RoleBindingList)
	out := make([]*rbacv1.RoleBinding, len(list.Items))
	for i := range list.Items {
		out[i] = &list.Items[i]
	}
	return out, nil
}

// GetClusterRole reads a cluster role from storage.
func (s Stores) GetClusterRole(ctx context.Context, name string) (*rbacv1.ClusterRole, error) {
	obj, err := s.ClusterRoles.Get(genericapirequest.WithNamespace(ctx, ""), name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return obj.(*rbacv1.ClusterRole), nil
}

// ListClusterRoleBindings lists every cluster role binding from storage.
func (s Stores) ListClusterRoleBindings(ctx context.Context) ([]*rbacv1.ClusterRoleBinding, error) {
	obj, err := s.ClusterRoleBindings.List(genericapirequest.WithNamespace(ctx, ""), &metainternalversion.ListOptions{})
	if err != nil {
		return nil, err
	}
	list := obj.(*rbacv1.ClusterRoleBindingList)
	out := make([]*rbacv1.ClusterRoleBinding, len(list.Items))
	for i := range list.Items {
		out[i] = &list.Items[i]
	}
	return out, nil
}
