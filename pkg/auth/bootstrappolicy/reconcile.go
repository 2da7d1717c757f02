package bootstrappolicy

import (
	"fmt"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/component-helpers/auth/rbac/reconciliation"
	"k8s.io/klog/v2"
)

// Reconcile creates the bootstrap roles and bindings that are missing and adds missing rules and
// subjects to existing ones, never removing what an administrator added, and leaving alone objects
// annotated rbac.authorization.kubernetes.io/autoupdate=false. It tries every object and returns the
// errors of those it could not reconcile, so the caller can simply try again.
func Reconcile(client kubernetes.Interface) error {
	var errs []error
	note := func(kind, name string, op reconciliation.ReconcileOperation, protected bool, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("reconciling %s %s: %w", kind, name, err))
			return
		}
		if op != reconciliation.ReconcileNone && !protected {
			klog.V(2).InfoS("Reconciled RBAC bootstrap object", "kind", kind, "name", name, "operation", op)
		}
	}
	for _, role := range append(ClusterRoles(), ControllerRoles()...) {
		opts := reconciliation.ReconcileRoleOptions{
			Role:    reconciliation.ClusterRoleRuleOwner{ClusterRole: &role},
			Client:  reconciliation.ClusterRoleModifier{Client: client.RbacV1().ClusterRoles()},
			Confirm: true,
		}
		result, err := opts.Run()
		note("clusterrole", role.Name, operation(result), result != nil && result.Protected, err)
	}
	for _, binding := range append(ClusterRoleBindings(), ControllerRoleBindings()...) {
		opts := reconciliation.ReconcileRoleBindingOptions{
			RoleBinding: reconciliation.ClusterRoleBindingAdapter{ClusterRoleBinding: &binding},
			Client:      reconciliation.ClusterRoleBindingClientAdapter{Client: client.RbacV1().ClusterRoleBindings()},
			Confirm:     true,
		}
		result, err := opts.Run()
		note("clusterrolebinding", binding.Name, bindingOperation(result), result != nil && result.Protected, err)
	}
	for _, role := range NamespaceRoles() {
		opts := reconciliation.ReconcileRoleOptions{
			Role:    reconciliation.RoleRuleOwner{Role: &role},
			Client:  reconciliation.RoleModifier{Client: client.RbacV1(), NamespaceClient: client.CoreV1().Namespaces()},
			Confirm: true,
		}
		result, err := opts.Run()
		note("role", role.Namespace+"/"+role.Name, operation(result), result != nil && result.Protected, err)
	}
	for _, binding := range NamespaceRoleBindings() {
		opts := reconciliation.ReconcileRoleBindingOptions{
			RoleBinding: reconciliation.RoleBindingAdapter{RoleBinding: &binding},
			Client:      reconciliation.RoleBindingClientAdapter{Client: client.RbacV1(), NamespaceClient: client.CoreV1().Namespaces()},
			Confirm:     true,
		}
		result, err := opts.Run()
		note("rolebinding", binding.Namespace+"/"+binding.Name, bindingOperation(result), result != nil && result.Protected, err)
	}
	return utilerrors.NewAggregate(errs)
}

func operation(r *reconciliation.ReconcileClusterRoleResult) reconciliation.ReconcileOperation {
	if r == nil {
		return reconciliation.ReconcileNone
	}
	return r.Operation
}

func bindingOperation(r *reconciliation.ReconcileClusterRoleBindingResult) reconciliation.ReconcileOperation {
	if r == nil {
		return reconciliation.ReconcileNone
	}
	return r.Operation
}
