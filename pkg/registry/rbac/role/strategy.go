// Package role implements the strategy of the roles resource.
package role

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/rbac/validation"
	"github.com/kapi-dev/kapi/pkg/registry/rbac"
)

type strategy struct{ rbac.BaseStrategy }

// Strategy is the create, update and delete behaviour of roles.
var Strategy = strategy{rbac.NewBaseStrategy(true)}

// Validate checks a new role.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateRole(obj.(*rbacv1.Role))
}

// ValidateUpdate checks an update of a role.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateRoleUpdate(obj.(*rbacv1.Role), old.(*rbacv1.Role))
}
