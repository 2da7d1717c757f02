// Package clusterrolebinding implements the strategy and table columns of the clusterrolebindings
// resource.
package clusterrolebinding

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/rbac/validation"
	"github.com/kapi-dev/kapi/pkg/registry/rbac"
)

type strategy struct{ rbac.BaseStrategy }

// Strategy is the create, update and delete behaviour of cluster role bindings.
var Strategy = strategy{rbac.NewBaseStrategy(false)}

// Validate checks a new cluster role binding.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateClusterRoleBinding(obj.(*rbacv1.ClusterRoleBinding))
}

// ValidateUpdate checks an update of a cluster role binding.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateClusterRoleBindingUpdate(obj.(*rbacv1.ClusterRoleBinding), old.(*rbacv1.ClusterRoleBinding))
}
