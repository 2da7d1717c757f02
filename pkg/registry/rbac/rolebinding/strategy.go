// Package rolebinding implements the strategy and table columns of the rolebindings resource.
package rolebinding

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/rbac/validation"
	"github.com/kapi-dev/kapi/pkg/registry/rbac"
)

type strategy struct{ rbac.BaseStrategy }

// Strategy is the create, update and delete behaviour of role bindings.
var Strategy = strategy{rbac.NewBaseStrategy(true)}

// Validate checks a new role binding.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateRoleBinding(obj.(*rbacv1.RoleBinding))
}

// ValidateUpdate checks an update of a role binding.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateRoleBindingUpdate(obj.(*rbacv1.RoleBinding), old.(*rbacv1.RoleBinding))
}
