package rbac

import (
	"context"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// static holds roles and bindings in slices, for table tests.
type static struct {
	roles               []*rbacv1.Role
	roleBindings        []*rbacv1.RoleBinding
	clusterRoles        []*rbacv1.ClusterRole
	clusterRoleBindings []*rbacv1.ClusterRoleBinding
}

func (s *static) GetRole(_ context.Context, namespace, name string) (*rbacv1.Role, error) {
	for _, r := range s.roles {
		if r.Namespace == namespace && r.Name == name {
			return r, nil
		}
	}
	return nil, apierrors.NewNotFound(rbacv1.Resource("role"), name)
}

func (s *static) ListRoleBindings(_ context.Context, namespace string) ([]*rbacv1.RoleBinding, error) {
	var out []*rbacv1.RoleBinding
	for _, b := range s.roleBindings {
		if b.Namespace == namespace {
			out = append(out, b)
		}
	}
	return out, nil
}

func (s *static) GetClusterRole(_ context.Context, name string) (*rbacv1.ClusterRole, error) {
	for _, r := range s.clusterRoles {
		if r.Name == name {
			return r, nil
		}
	}
	return nil, apierrors.NewNotFound(rbacv1.Resource("clusterrole"), name)
}

func (s *static) ListClusterRoleBindings(context.Context) ([]*rbacv1.ClusterRoleBinding, error) {
	return s.clusterRoleBindings, nil
}

func (s *static) resolver() *Resolver {
	return &Resolver{Roles: s, RoleBindings: s, ClusterRoles: s, ClusterRoleBindings: s}
}

func rule(verbs, groups, resources []string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{Verbs: verbs, APIGroups: groups, Resources: resources}
}

func l(s ...string) []string { return s }

func fixture() *static {
	return &static{
		roles: []*rbacv1.Role{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns1", Name: "pod-reader"}, Rules: []rbacv1.PolicyRule{
				rule(l("get", "list"), l(""), l("pods", "pods/log")),
				{Verbs: l("update"), APIGroups: l(""), Resources: l("configmaps"), ResourceNames: l("settings")},
			}},
		},
		roleBindings: []*rbacv1.RoleBinding{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns1", Name: "alice-reads"},
				RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "pod-reader"},
				Subjects: []rbacv1.Subject{{Kind: "User", APIGroup: rbacv1.GroupName, Name: "alice"}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns1", Name: "robot-edits"},
				RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "scaler"},
				Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "robot"}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "ns2", Name: "dangling"},
				RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "gone"},
				Subjects: []rbacv1.Subject{{Kind: "User", APIGroup: rbacv1.GroupName, Name: "alice"}}},
		},
		clusterRoles: []*rbacv1.ClusterRole{
			{ObjectMeta: metav1.ObjectMeta{Name: "scaler"}, Rules: []rbacv1.PolicyRule{rule(l("update", "patch"), l("*"), l("*/scale"))}},
			{ObjectMeta: metav1.ObjectMeta{Name: "metrics"}, Rules: []rbacv1.PolicyRule{{Verbs: l("get"), NonResourceURLs: l("/metrics", "/logs/*")}}},
			{ObjectMeta: metav1.ObjectMeta{Name: "admin-all"}, Rules: []rbacv1.PolicyRule{rule(l("*"), l("*"), l("*"))}},
		},
		clusterRoleBindings: []*rbacv1.ClusterRoleBinding{
			{ObjectMeta: metav1.ObjectMeta{Name: "ops-metrics"},
				RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "metrics"},
				Subjects: []rbacv1.Subject{{Kind: "Group", APIGroup: rbacv1.GroupName, Name: "ops"}}},
			{ObjectMeta: metav1.ObjectMeta{Name: "root"},
				RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "admin-all"},
				Subjects: []rbacv1.Subject{{Kind: "User", APIGroup: rbacv1.GroupName, Name: "root"}}},
		},
	}
}

func TestAuthorize(t *testing.T) {
	alice := &user.DefaultInfo{Name: "alice"}
	bob := &user.DefaultInfo{Name: "bob", Groups: []string{"ops"}}
	robot := &user.DefaultInfo{Name: "system:serviceaccount:ns1:robot"}
	root := &user.DefaultInfo{Name: "root"}
	res := func(u user.Info, verb, ns, group, resource, sub, name string) authorizer.AttributesRecord {
		return authorizer.AttributesRecord{User: u, Verb: verb, Namespace: ns, APIGroup: group, Resource: resource, Subresource: sub, Name: name, ResourceRequest: true}
	}
	path := func(u user.Info, verb, p string) authorizer.AttributesRecord {
		return authorizer.AttributesRecord{User: u, Verb: verb, Path: p}
	}
	cases := []struct {
		name       string
		attrs      authorizer.AttributesRecord
		want       authorizer.Decision
		wantReason string
	}{
		{"role grants get", res(alice, "get", "ns1", "", "pods", "", "p"), authorizer.DecisionAllow,
			`RBAC: allowed by RoleBinding "alice-reads/ns1" of Role "pod-reader" to User "alice"`},
		{"role grants list without a name", res(alice, "list", "ns1", "", "pods", "", ""), authorizer.DecisionAllow,
			`RBAC: allowed by RoleBinding "alice-reads/ns1" of Role "pod-reader" to User "alice"`},
		{"verb not granted", res(alice, "delete", "ns1", "", "pods", "", "p"), authorizer.DecisionNoOpinion, ""},
		{"other namespace, binding to a missing role", res(alice, "get", "ns2", "", "pods", "", "p"), authorizer.DecisionNoOpinion,
			`RBAC: role.rbac.authorization.k8s.io "gone" not found`},
		{"cluster scope is not covered by a RoleBinding", res(alice, "list", "", "", "pods", "", ""), authorizer.DecisionNoOpinion, ""},
		{"listed subresource", res(alice, "get", "ns1", "", "pods", "log", "p"), authorizer.DecisionAllow,
			`RBAC: allowed by RoleBinding "alice-reads/ns1" of Role "pod-reader" to User "alice"`},
		{"unlisted subresource", res(alice, "get", "ns1", "", "pods", "exec", "p"), authorizer.DecisionNoOpinion, ""},
		{"other API group", res(alice, "get", "ns1", "apps", "pods", "", "p"), authorizer.DecisionNoOpinion, ""},
		{"resourceNames match", res(alice, "update", "ns1", "", "configmaps", "", "settings"), authorizer.DecisionAllow,
			`RBAC: allowed by RoleBinding "alice-reads/ns1" of Role "pod-reader" to User "alice"`},
		{"resourceNames do not match", res(alice, "update", "ns1", "", "configmaps", "", "other"), authorizer.DecisionNoOpinion, ""},
		{"resourceNames never match a nameless request", res(alice, "update", "ns1", "", "configmaps", "", ""), authorizer.DecisionNoOpinion, ""},
		{"*/subresource through a namespaceless ServiceAccount subject", res(robot, "patch", "ns1", "apps", "deployments", "scale", "d"), authorizer.DecisionAllow,
			`RBAC: allowed by RoleBinding "robot-edits/ns1" of ClusterRole "scaler" to ServiceAccount "robot/ns1"`},
		{"*/subresource does not match the resource itself", res(robot, "patch", "ns1", "apps", "deployments", "", "d"), authorizer.DecisionNoOpinion, ""},
		{"group subject, exact URL", path(bob, "get", "/metrics"), authorizer.DecisionAllow,
			`RBAC: allowed by ClusterRoleBinding "ops-metrics" of ClusterRole "metrics" to Group "ops"`},
		{"URL prefix wildcard", path(bob, "get", "/logs/kube.log"), authorizer.DecisionAllow,
			`RBAC: allowed by ClusterRoleBinding "ops-metrics" of ClusterRole "metrics" to Group "ops"`},
		{"URL wildcard needs the prefix", path(bob, "get", "/logsx"), authorizer.DecisionNoOpinion, ""},
		{"URL verb not granted", path(bob, "post", "/metrics"), authorizer.DecisionNoOpinion, ""},
		{"resource rules never grant URLs", path(root, "get", "/metrics"), authorizer.DecisionNoOpinion, ""},
		{"full wildcard", res(root, "escalate", "", "rbac.authorization.k8s.io", "clusterroles", "", "x"), authorizer.DecisionAllow,
			`RBAC: allowed by ClusterRoleBinding "root" of ClusterRole "admin-all" to User "root"`},
	}
	a := New(fixture().resolver())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, reason, err := a.Authorize(context.Background(), tc.attrs)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || reason != tc.wantReason {
				t.Errorf("got (%v, %q), want (%v, %q)", got, reason, tc.want, tc.wantReason)
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	a := New(fixture().resolver())
	res, nonRes, incomplete, err := a.RulesFor(context.Background(), &user.DefaultInfo{Name: "bob", Groups: []string{"ops"}}, "ns1")
	if err != nil || incomplete {
		t.Fatalf("err %v, incomplete %v", err, incomplete)
	}
	if len(res) != 0 || len(nonRes) != 1 {
		t.Fatalf("got %d resource and %d non-resource rules, want 0 and 1", len(res), len(nonRes))
	}
	if got := nonRes[0].GetNonResourceURLs(); len(got) != 2 || got[0] != "/metrics" || got[1] != "/logs/*" {
		t.Errorf("non-resource URLs %v", got)
	}

	res, _, _, err = a.RulesFor(context.Background(), &user.DefaultInfo{Name: "alice"}, "ns2")
	if err == nil || err.Error() != `role.rbac.authorization.k8s.io "gone" not found` {
		t.Errorf("error %v, want the missing role", err)
	}
	if len(res) != 0 {
		t.Errorf("got rules %v for a binding to a missing role", res)
	}
}
