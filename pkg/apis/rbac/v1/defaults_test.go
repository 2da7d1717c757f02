package v1_test

import (
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	_ "github.com/kapi-dev/kapi/pkg/apis/rbac/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func TestBindingDefaults(t *testing.T) {
	b := &rbacv1.ClusterRoleBinding{
		RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "view"},
		Subjects: []rbacv1.Subject{
			{Kind: "User", Name: "alice"},
			{Kind: "Group", Name: "devs"},
			{Kind: "ServiceAccount", Name: "default", Namespace: "ns"},
			{Kind: "User", APIGroup: "example.com", Name: "kept"},
		},
	}
	scheme.Scheme.Default(b)
	if b.RoleRef.APIGroup != rbacv1.GroupName {
		t.Errorf("roleRef.apiGroup = %q", b.RoleRef.APIGroup)
	}
	want := []string{rbacv1.GroupName, rbacv1.GroupName, "", "example.com"}
	for i, s := range b.Subjects {
		if s.APIGroup != want[i] {
			t.Errorf("subjects[%d].apiGroup = %q, want %q", i, s.APIGroup, want[i])
		}
	}

	rb := &rbacv1.RoleBinding{RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "r"}, Subjects: []rbacv1.Subject{{Kind: "Group", Name: "g"}}}
	scheme.Scheme.Default(rb)
	if rb.RoleRef.APIGroup != rbacv1.GroupName || rb.Subjects[0].APIGroup != rbacv1.GroupName {
		t.Errorf("role binding not defaulted: %+v", rb)
	}
}
