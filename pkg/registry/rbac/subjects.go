package rbac

import (
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// BindingColumns are the `kubectl get rolebindings/clusterrolebindings` columns: NAME ROLE AGE, and
// with -o wide USERS GROUPS SERVICEACCOUNTS. kind names the binding type in the descriptions.
func BindingColumns(kind string, roleRefDoc string) []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		tables.NameColumn(),
		{Name: "Role", Type: "string", Description: roleRefDoc},
		tables.AgeColumn(),
		{Name: "Users", Type: "string", Priority: 1, Description: "Users in the " + kind},
		{Name: "Groups", Type: "string", Priority: 1, Description: "Groups in the " + kind},
		{Name: "ServiceAccounts", Type: "string", Priority: 1, Description: "ServiceAccounts in the " + kind},
	}
}

// BindingCells renders a binding's row: name, Kind/name of the role, age, then the users, groups and
// namespace/name of service accounts, each comma-joined.
func BindingCells(meta metav1.ObjectMeta, ref rbacv1.RoleRef, subjects []rbacv1.Subject) []interface{} {
	var users, groups, sas []string
	for _, s := range subjects {
		switch s.Kind {
		case rbacv1.UserKind:
			users = append(users, s.Name)
		case rbacv1.GroupKind:
			groups = append(groups, s.Name)
		case rbacv1.ServiceAccountKind:
			sas = append(sas, s.Namespace+"/"+s.Name)
		}
	}
	return []interface{}{
		meta.Name, ref.Kind + "/" + ref.Name, tables.Since(meta.CreationTimestamp),
		strings.Join(users, ", "), strings.Join(groups, ", "), strings.Join(sas, ", "),
	}
}
