package bootstrappolicy

import (
	"reflect"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/kapi-dev/kapi/pkg/apis/rbac/validation"
)

func TestPolicyValidates(t *testing.T) {
	names := sets.New[string]()
	for _, r := range append(ClusterRoles(), ControllerRoles()...) {
		if errs := validation.ValidateClusterRole(&r, validation.ClusterRoleValidationOptions{}); len(errs) > 0 {
			t.Errorf("cluster role %s: %v", r.Name, errs)
		}
		if names.Has(r.Name) {
			t.Errorf("cluster role %s defined twice", r.Name)
		}
		names.Insert(r.Name)
		checkMeta(t, r.Name, r.Labels, r.Annotations)
	}
	for _, b := range append(ClusterRoleBindings(), ControllerRoleBindings()...) {
		if errs := validation.ValidateClusterRoleBinding(&b); len(errs) > 0 {
			t.Errorf("cluster role binding %s: %v", b.Name, errs)
		}
		if !names.Has(b.RoleRef.Name) {
			t.Errorf("cluster role binding %s refers to the unknown role %s", b.Name, b.RoleRef.Name)
		}
		checkMeta(t, b.Name, b.Labels, b.Annotations)
	}
	roles := sets.New[string]()
	for _, r := range NamespaceRoles() {
		if errs := validation.ValidateRole(&r); len(errs) > 0 {
			t.Errorf("role %s/%s: %v", r.Namespace, r.Name, errs)
		}
		roles.Insert(r.Namespace + "/" + r.Name)
		checkMeta(t, r.Name, r.Labels, r.Annotations)
	}
	for _, b := range NamespaceRoleBindings() {
		if errs := validation.ValidateRoleBinding(&b); len(errs) > 0 {
			t.Errorf("role binding %s/%s: %v", b.Namespace, b.Name, errs)
		}
		if !roles.Has(b.Namespace + "/" + b.RoleRef.Name) {
			t.Errorf("role binding %s/%s refers to the unknown role %s", b.Namespace, b.Name, b.RoleRef.Name)
		}
	}
}

func checkMeta(t *testing.T, name string, labels, annotations map[string]string) {
	t.Helper()
	if labels["kubernetes.io/bootstrapping"] != "rbac-defaults" || annotations["rbac.authorization.kubernetes.io/autoupdate"] != "true" {
		t.Errorf("%s: labels %v, annotations %v", name, labels, annotations)
	}
}

func findClusterRole(t *testing.T, name string) rbacv1.ClusterRole {
	t.Helper()
	for _, r := range append(ClusterRoles(), ControllerRoles()...) {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no cluster role %s", name)
	return rbacv1.ClusterRole{}
}

// TestAggregationChain checks that view's rules reach edit and edit's reach admin, as upstream's labels
// arrange it.
func TestAggregationChain(t *testing.T) {
	for _, tc := range []struct{ role, selects, labelledWith string }{
		{"admin", "rbac.authorization.k8s.io/aggregate-to-admin", ""},
		{"edit", "rbac.authorization.k8s.io/aggregate-to-edit", "rbac.authorization.k8s.io/aggregate-to-admin"},
		{"view", "rbac.authorization.k8s.io/aggregate-to-view", "rbac.authorization.k8s.io/aggregate-to-edit"},
	} {
		r := findClusterRole(t, tc.role)
		if r.Rules != nil || len(r.AggregationRule.ClusterRoleSelectors) != 1 ||
			!reflect.DeepEqual(r.AggregationRule.ClusterRoleSelectors[0].MatchLabels, map[string]string{tc.selects: "true"}) {
			t.Errorf("%s: rules %v, aggregation %v", tc.role, r.Rules, r.AggregationRule)
		}
		if tc.labelledWith != "" && r.Labels[tc.labelledWith] != "true" {
			t.Errorf("%s lacks label %s: %v", tc.role, tc.labelledWith, r.Labels)
		}
	}
}

func TestRulesAreSorted(t *testing.T) {
	got := findClusterRole(t, "system:public-info-viewer").Rules
	want := []rbacv1.PolicyRule{{Verbs: []string{"get"}, NonResourceURLs: []string{"/healthz", "/livez", "/readyz", "/version", "/version/"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("system:public-info-viewer rules %v, want %v", got, want)
	}
	got = findClusterRole(t, "system:aggregate-to-admin").Rules
	want = []rbacv1.PolicyRule{
		{Verbs: []string{"create"}, APIGroups: []string{"authorization.k8s.io"}, Resources: []string{"localsubjectaccessreviews"}},
		{Verbs: []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}, APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"rolebindings", "roles"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("system:aggregate-to-admin rules %v, want %v", got, want)
	}
}
