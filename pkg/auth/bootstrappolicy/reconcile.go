package bootstrappolicy

import (
	"context"
	"fmt"
	"sync"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/component-helpers/auth/rbac/reconciliation"
	"k8s.io/klog/v2"
)

// Reconcile creates the bootstrap roles and bindings that are missing and adds missing rules and
// subjects to existing ones, never removing what an administrator added, and leaving alone objects
// annotated rbac.authorization.kubernetes.io/autoupdate=false. It tries every object and returns the
// errors of those it could not reconcile, so the caller can simply try again.
//
// The cluster-wide objects are read in one List each and reconciled reconcileWorkers at a time, so
// that neither a first start, which creates them all, nor a restart, which finds them in place, pays
// one round trip per object in turn.
func Reconcile(ctx context.Context, client kubernetes.Interface) error {
	var (
		mu   sync.Mutex
		errs []error
	)
	note := func(kind, name string, op reconciliation.ReconcileOperation, protected bool, err error) {
		if err != nil {
			mu.Lock()
			errs = append(errs, fmt.Errorf("reconciling %s %s: %w", kind, name, err))
			mu.Unlock()
			return
		}
		if op != reconciliation.ReconcileNone && !protected {
			klog.V(2).InfoS("Reconciled RBAC bootstrap object", "kind", kind, "name", name, "operation", op)
		}
	}
	roles := append(ClusterRoles(), ControllerRoles()...)
	bindings := append(ClusterRoleBindings(), ControllerRoleBindings()...)
	listedRoles, listedBindings, err := listClusterPolicy(ctx, client, roles, bindings)
	if err != nil {
		return fmt.Errorf("listing the cluster roles and bindings: %w", err)
	}
	roleModifier := reconciliation.RoleModifier{Client: client.RbacV1(), NamespaceClient: client.CoreV1().Namespaces()}
	bindingModifier := reconciliation.RoleBindingClientAdapter{Client: client.RbacV1(), NamespaceClient: client.CoreV1().Namespaces()}
	var work []func()
	addRole := func(kind, name string, role reconciliation.RuleOwner, modifier reconciliation.RuleOwnerModifier) {
		work = append(work, func() {
			result, err := (&reconciliation.ReconcileRoleOptions{Role: role, Client: modifier, Confirm: true}).Run()
			note(kind, name, operation(result), result != nil && result.Protected, err)
		})
	}
	addBinding := func(kind, name string, binding reconciliation.RoleBinding, modifier reconciliation.RoleBindingModifier) {
		work = append(work, func() {
			result, err := (&reconciliation.ReconcileRoleBindingOptions{RoleBinding: binding, Client: modifier, Confirm: true}).Run()
			note(kind, name, bindingOperation(result), result != nil && result.Protected, err)
		})
	}
	for _, role := range roles {
		addRole("clusterrole", role.Name, reconciliation.ClusterRoleRuleOwner{ClusterRole: &role}, listedRoles)
	}
	for _, binding := range bindings {
		addBinding("clusterrolebinding", binding.Name, reconciliation.ClusterRoleBindingAdapter{ClusterRoleBinding: &binding}, listedBindings)
	}
	for _, role := range NamespaceRoles() {
		addRole("role", role.Namespace+"/"+role.Name, reconciliation.RoleRuleOwner{Role: &role}, roleModifier)
	}
	for _, binding := range NamespaceRoleBindings() {
		addBinding("rolebinding", binding.Namespace+"/"+binding.Name, reconciliation.RoleBindingAdapter{RoleBinding: &binding}, bindingModifier)
	}
	runConcurrently(work)
	return utilerrors.NewAggregate(errs)
}

// reconcileWorkers bounds the writes the reconciliation has in flight.
const reconcileWorkers = 8

// runConcurrently runs work on reconcileWorkers goroutines and returns when all of it is done.
func runConcurrently(work []func()) {
	next := make(chan func())
	var wg sync.WaitGroup
	for range reconcileWorkers {
		wg.Go(func() {
			for w := range next {
				w()
			}
		})
	}
	for _, w := range work {
		next <- w
	}
	close(next)
	wg.Wait()
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
