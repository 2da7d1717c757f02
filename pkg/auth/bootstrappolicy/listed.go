package bootstrappolicy

import (
	"context"
	"sync"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/component-helpers/auth/rbac/reconciliation"
)

// firstReads answers the first read of each wanted object from one List made before the
// reconciliation, so that a restart that finds the bootstrap policy in place reads it in one request
// instead of one per object. A reconciliation that reads an object again, after a conflict, reads it
// from the server.
type firstReads[T any] struct {
	mu sync.Mutex
	// objects maps each wanted name not read yet to its listed object, nil when it was not listed.
	objects map[string]*T
}

func newFirstReads[T any](wanted []string, listed []T, name func(*T) string) *firstReads[T] {
	byName := make(map[string]*T, len(listed))
	for i := range listed {
		byName[name(&listed[i])] = &listed[i]
	}
	f := &firstReads[T]{objects: make(map[string]*T, len(wanted))}
	for _, n := range wanted {
		f.objects[n] = byName[n]
	}
	return f
}

// take returns the listed object of name, nil when the List did not have it, and whether the
// answer comes from the List.
func (f *firstReads[T]) take(name string) (*T, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	obj, ok := f.objects[name]
	delete(f.objects, name)
	return obj, ok
}

// listedClusterRoles reads cluster roles through firstReads.
type listedClusterRoles struct {
	reconciliation.ClusterRoleModifier
	reads *firstReads[rbacv1.ClusterRole]
}

func (c listedClusterRoles) Get(namespace, name string) (reconciliation.RuleOwner, error) {
	role, listed := c.reads.take(name)
	switch {
	case !listed:
		return c.ClusterRoleModifier.Get(namespace, name)
	case role == nil:
		return nil, apierrors.NewNotFound(rbacv1.Resource("clusterroles"), name)
	}
	return reconciliation.ClusterRoleRuleOwner{ClusterRole: role}, nil
}

// listedClusterRoleBindings reads cluster role bindings through firstReads.
type listedClusterRoleBindings struct {
	reconciliation.ClusterRoleBindingClientAdapter
	reads *firstReads[rbacv1.ClusterRoleBinding]
}

func (c listedClusterRoleBindings) Get(namespace, name string) (reconciliation.RoleBinding, error) {
	binding, listed := c.reads.take(name)
	switch {
	case !listed:
		return c.ClusterRoleBindingClientAdapter.Get(namespace, name)
	case binding == nil:
		return nil, apierrors.NewNotFound(rbacv1.Resource("clusterrolebindings"), name)
	}
	return reconciliation.ClusterRoleBindingAdapter{ClusterRoleBinding: binding}, nil
}

// listClusterPolicy lists the cluster roles and bindings once, and returns the modifiers that
// reconcile roles and bindings from what the lists hold.
func listClusterPolicy(ctx context.Context, client kubernetes.Interface, roles []rbacv1.ClusterRole, bindings []rbacv1.ClusterRoleBinding) (listedClusterRoles, listedClusterRoleBindings, error) {
	roleList, err := client.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{})
	if err != nil {
		return listedClusterRoles{}, listedClusterRoleBindings{}, err
	}
	bindingList, err := client.RbacV1().ClusterRoleBindings().List(ctx, metav1.ListOptions{})
	if err != nil {
		return listedClusterRoles{}, listedClusterRoleBindings{}, err
	}
	roleNames := make([]string, 0, len(roles))
	for _, r := range roles {
		roleNames = append(roleNames, r.Name)
	}
	bindingNames := make([]string, 0, len(bindings))
	for _, b := range bindings {
		bindingNames = append(bindingNames, b.Name)
	}
	return listedClusterRoles{
			ClusterRoleModifier: reconciliation.ClusterRoleModifier{Client: client.RbacV1().ClusterRoles()},
			reads:               newFirstReads(roleNames, roleList.Items, func(r *rbacv1.ClusterRole) string { return r.Name }),
		}, listedClusterRoleBindings{
			ClusterRoleBindingClientAdapter: reconciliation.ClusterRoleBindingClientAdapter{Client: client.RbacV1().ClusterRoleBindings()},
			reads:                           newFirstReads(bindingNames, bindingList.Items, func(b *rbacv1.ClusterRoleBinding) string { return b.Name }),
		}, nil
}
