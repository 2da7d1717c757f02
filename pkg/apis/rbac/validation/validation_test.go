package validation

import (
	"sort"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func expectErrors(t *testing.T, got field.ErrorList, want ...string) {
	t.Helper()
	gotStrs := make([]string, 0, len(got))
	for _, e := range got {
		gotStrs = append(gotStrs, e.Error())
	}
	sort.Strings(gotStrs)
	sort.Strings(want)
	if strings.Join(gotStrs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(gotStrs, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestValidateRole(t *testing.T) {
	cases := []struct {
		name  string
		rules []rbacv1.PolicyRule
		meta  metav1.ObjectMeta
		want  []string
	}{
		{
			name:  "valid, with a colon in the name",
			meta:  metav1.ObjectMeta{Name: "system:reader", Namespace: "ns"},
			rules: []rbacv1.PolicyRule{{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods"}}},
		},
		{
			name: "name that is not a path segment",
			meta: metav1.ObjectMeta{Name: "a/b", Namespace: "ns"},
			want: []string{`metadata.name: Invalid value: "a/b": may not contain '/'`},
		},
		{
			name: "missing namespace",
			meta: metav1.ObjectMeta{Name: "r"},
			want: []string{"metadata.namespace: Required value"},
		},
		{
			name:  "empty rule",
			meta:  metav1.ObjectMeta{Name: "r", Namespace: "ns"},
			rules: []rbacv1.PolicyRule{{}},
			want: []string{
				"rules[0].verbs: Required value: verbs must contain at least one value",
				"rules[0].apiGroups: Required value: resource rules must supply at least one api group",
				"rules[0].resources: Required value: resource rules must supply at least one resource",
			},
		},
		{
			name:  "non-resource URL in a namespaced role, mixed with resources",
			meta:  metav1.ObjectMeta{Name: "r", Namespace: "ns"},
			rules: []rbacv1.PolicyRule{{Verbs: []string{"get"}, NonResourceURLs: []string{"/healthz"}, Resources: []string{"pods"}}},
			want: []string{
				`rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs`,
				`rules[0].nonResourceURLs: Invalid value: ["/healthz"]: rules cannot apply to both regular resources and non-resource URLs`,
			},
		},
		{
			name: "finalizer that is neither standard nor qualified",
			meta: metav1.ObjectMeta{Name: "r", Namespace: "ns", Finalizers: []string{"cleanup"}},
			want: []string{`metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateRole(&rbacv1.Role{ObjectMeta: tc.meta, Rules: tc.rules}), tc.want...)
		})
	}
}

func TestValidateClusterRole(t *testing.T) {
	cases := []struct {
		name string
		role rbacv1.ClusterRole
		want []string
	}{
		{
			name: "non-resource URLs are fine cluster-wide",
			role: rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "c"}, Rules: []rbacv1.PolicyRule{{Verbs: []string{"get"}, NonResourceURLs: []string{"/metrics"}}}},
		},
		{
			name: "namespace not allowed",
			role: rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns"}},
			want: []string{"metadata.namespace: Forbidden: not allowed on this type"},
		},
		{
			name: "aggregation rule without selectors",
			role: rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "c"}, AggregationRule: &rbacv1.AggregationRule{}},
			want: []string{"aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"},
		},
		{
			name: "aggregation rule with an invalid selector operator",
			role: rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "c"}, AggregationRule: &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{{
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "Near"}},
			}}}},
			want: []string{
				`aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`,
				`aggregationRule.clusterRoleSelectors[0]: Invalid value: {"matchExpressions":[{"key":"a","operator":"Near"}]}: invalid label selector.`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateClusterRole(&tc.role, ClusterRoleValidationOptions{}), tc.want...)
		})
	}
}

func TestValidateRoleBinding(t *testing.T) {
	ref := rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"}
	meta := metav1.ObjectMeta{Name: "b", Namespace: "ns"}
	cases := []struct {
		name     string
		ref      rbacv1.RoleRef
		subjects []rbacv1.Subject
		want     []string
	}{
		{
			name: "valid, service account without namespace",
			ref:  ref,
			subjects: []rbacv1.Subject{
				{Kind: "User", APIGroup: rbacv1.GroupName, Name: "alice"},
				{Kind: "Group", APIGroup: rbacv1.GroupName, Name: "devs"},
				{Kind: "ServiceAccount", Name: "default"},
			},
		},
		{
			name: "bad roleRef",
			ref:  rbacv1.RoleRef{APIGroup: "example.com", Kind: "Policy"},
			want: []string{
				`roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"`,
				`roleRef.kind: Unsupported value: "Policy": supported values: "Role", "ClusterRole"`,
				"roleRef.name: Required value",
			},
		},
		{
			name: "bad subjects",
			ref:  ref,
			subjects: []rbacv1.Subject{
				{Kind: "User", Name: "alice"},
				{Kind: "ServiceAccount", APIGroup: rbacv1.GroupName, Name: "Not_Valid"},
				{Kind: "Robot", Name: "r2"},
				{Kind: "Group", APIGroup: rbacv1.GroupName},
			},
			want: []string{
				`subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"`,
				`subjects[1].name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
				`subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""`,
				`subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"`,
				"subjects[3].name: Required value",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateRoleBinding(&rbacv1.RoleBinding{ObjectMeta: meta, RoleRef: tc.ref, Subjects: tc.subjects}), tc.want...)
		})
	}
}

func TestValidateClusterRoleBinding(t *testing.T) {
	b := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "b"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "r"},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: "default"}},
	}
	expectErrors(t, ValidateClusterRoleBinding(b),
		`roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"`,
		"subjects[0].namespace: Required value",
	)
}

func TestValidateBindingUpdateKeepsRoleRef(t *testing.T) {
	old := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "ns", ResourceVersion: "1"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
	}
	updated := old.DeepCopy()
	updated.RoleRef.Name = "edit"
	expectErrors(t, ValidateRoleBindingUpdate(updated, old),
		`roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}: cannot change roleRef`)
}
