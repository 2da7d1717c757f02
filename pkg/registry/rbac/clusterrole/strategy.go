// Package clusterrole implements the strategy of the clusterroles resource.
package clusterrole

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/rbac/validation"
	"github.com/kapi-dev/kapi/pkg/registry/rbac"
)

type strategy struct{ rbac.BaseStrategy }

// Strategy is the create, update and delete behaviour of cluster roles.
var Strategy = strategy{rbac.NewBaseStrategy(false)}

// Validate checks a new cluster role.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateClusterRole(obj.(*rbacv1.ClusterRole), validation.ClusterRoleValidationOptions{})
}

// ValidateUpdate checks an update of a cluster role. Label values in aggregation selectors that an
// older server accepted stay accepted, so the role remains updatable.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	oldRole := old.(*rbacv1.ClusterRole)
	opts := validation.ClusterRoleValidationOptions{AllowInvalidLabelValueInSelector: hasInvalidSelectorLabelValue(oldRole)}
	return validation.ValidateClusterRoleUpdate(obj.(*rbacv1.ClusterRole), oldRole, opts)
}

func hasInvalidSelectorLabelValue(role *rbacv1.ClusterRole) bool {
	if role.AggregationRule == nil {
		return false
	}
	for i := range role.AggregationRule.ClusterRoleSelectors {
		errs := metav1validation.ValidateLabelSelector(&role.AggregationRule.ClusterRoleSelectors[i], metav1validation.LabelSelectorValidationOptions{}, nil)
		if len(errs) > 0 {
			return true
		}
	}
	return false
}
