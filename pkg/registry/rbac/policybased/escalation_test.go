package policybased

import (
	"context"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
)

type fixedRules struct {
	rules []rbacv1.PolicyRule
}

func (f fixedRules) GetRole(context.Context, string, string) (*rbacv1.Role, error) {
	return &rbacv1.Role{}, nil
}

func (f fixedRules) ListRoleBindings(context.Context, string) ([]*rbacv1.RoleBinding, error) {
	return nil, nil
}

func (f fixedRules) GetClusterRole(context.Context, string) (*rbacv1.ClusterRole, error) {
	return &rbacv1.ClusterRole{Rules: f.rules}, nil
}

// ListClusterRoleBindings binds the fixed rules to everyone in group "holders".
func (f fixedRules) ListClusterRoleBindings(context.Context) ([]*rbacv1.ClusterRoleBinding, error) {
	return []*rbacv1.ClusterRoleBinding{{
		ObjectMeta: metav1.ObjectMeta{Name: "holders"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "held"},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: "holders"}},
	}}, nil
}

func TestConfirmNoEscalation(t *testing.T) {
	held := fixedRules{rules: []rbacv1.PolicyRule{
		{Verbs: []string{"get", "list"}, APIGroups: []string{""}, Resources: []string{"pods"}},
		{Verbs: []string{"get"}, NonResourceURLs: []string{"/logs/*"}},
	}}
	resolver := &rbac.Resolver{Roles: held, RoleBindings: held, ClusterRoles: held, ClusterRoleBindings: held}
	ctx := genericapirequest.WithNamespace(genericapirequest.WithUser(context.Background(),
		&user.DefaultInfo{Name: "alice", Groups: []string{"holders", "system:authenticated"}}), "ns")

	cases := []struct {
		name  string
		rules []rbacv1.PolicyRule
		want  string
	}{
		{name: "held rules", rules: []rbacv1.PolicyRule{{Verbs: []string{"list"}, APIGroups: []string{""}, Resources: []string{"pods"}}}},
		{name: "a URL under a held prefix", rules: []rbacv1.PolicyRule{{Verbs: []string{"get"}, NonResourceURLs: []string{"/logs/today"}}}},
		{
			name: "missing verbs of one resource are compacted into one line; other rules follow sorted",
			rules: []rbacv1.PolicyRule{
				{Verbs: []string{"get", "delete", "create"}, APIGroups: []string{""}, Resources: []string{"pods"}},
				{Verbs: []string{"get"}, APIGroups: []string{"apps"}, Resources: []string{"deployments"}, ResourceNames: []string{"web"}},
				{Verbs: []string{"get"}, NonResourceURLs: []string{"/metrics"}},
			},
			want: `user "alice" (groups=["holders" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:
{APIGroups:[""], Resources:["pods"], Verbs:["delete" "create"]}
{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get"]}
{NonResourceURLs:["/metrics"], Verbs:["get"]}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ConfirmNoEscalation(ctx, resolver, tc.rules)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestEscalationAllowed(t *testing.T) {
	for _, tc := range []struct {
		groups []string
		want   bool
	}{
		{[]string{"system:masters"}, true},
		{[]string{"system:authenticated", "admins"}, false},
	} {
		ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "u", Groups: tc.groups})
		if got := EscalationAllowed(ctx); got != tc.want {
			t.Errorf("groups %v: got %v, want %v", tc.groups, got, tc.want)
		}
	}
	if EscalationAllowed(context.Background()) {
		t.Error("a request without a user may not escalate")
	}
}
