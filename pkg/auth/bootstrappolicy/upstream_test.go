package bootstrappolicy

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

// The expectations below are transcribed from kube-apiserver's golden files
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/*.yaml) with default feature gates.

// pr spells a resource rule compactly: verbs, groups and resources as comma-separated lists.
func pr(verbs, groups, resources string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{Verbs: split(verbs), APIGroups: strings.Split(groups, ","), Resources: split(resources)}
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func named(r rbacv1.PolicyRule, names ...string) rbacv1.PolicyRule {
	r.ResourceNames = names
	return r
}

const (
	readVerbs  = "get,list,watch"
	eventVerbs = "create,patch,update"
)

var upstreamEvents = pr(eventVerbs, ",events.k8s.io", "events")

func TestCountsMatchUpstream(t *testing.T) {
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"cluster roles", len(ClusterRoles()), 31},
		{"cluster role bindings", len(ClusterRoleBindings()), 12},
		{"controller roles", len(ControllerRoles()), 38},
		{"controller role bindings", len(ControllerRoleBindings()), 38},
		{"namespace roles", len(NamespaceRoles()), 7},
		{"namespace role bindings", len(NamespaceRoleBindings()), 7},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, tc.got, tc.want)
		}
	}
}

func TestControllerRoleNamesMatchUpstream(t *testing.T) {
	var got []string
	for _, r := range ControllerRoles() {
		got = append(got, strings.TrimPrefix(r.Name, "system:controller:"))
	}
	sort.Strings(got)
	want := []string{
		"attachdetach-controller", "certificate-controller", "clusterrole-aggregation-controller", "cronjob-controller",
		"daemon-set-controller", "deployment-controller", "device-taint-eviction-controller", "disruption-controller",
		"endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller", "ephemeral-volume-controller",
		"expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler", "job-controller",
		"legacy-service-account-token-cleaner", "namespace-controller", "node-controller", "persistent-volume-binder",
		"pod-garbage-collector", "pv-protection-controller", "pvc-protection-controller", "replicaset-controller",
		"replication-controller", "resource-claim-controller", "resourcequota-controller", "root-ca-cert-publisher",
		"route-controller", "selinux-warning-controller", "service-account-controller", "service-cidrs-controller",
		"service-controller", "statefulset-controller", "ttl-after-finished-controller", "ttl-controller",
		"validatingadmissionpolicy-status-controller", "volumeattributesclass-protection-controller",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("controller roles\n got %v\nwant %v", got, want)
	}
}

// TestControllerBindingsNameServiceAccounts checks that each controller runs as the kube-system service
// account named after it, which is what kube-controller-manager's --use-service-account-credentials uses.
func TestControllerBindingsNameServiceAccounts(t *testing.T) {
	for _, b := range ControllerRoleBindings() {
		want := []rbacv1.Subject{{Kind: "ServiceAccount", Namespace: "kube-system", Name: strings.TrimPrefix(b.Name, "system:controller:")}}
		if b.RoleRef != (rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: b.Name}) || !reflect.DeepEqual(b.Subjects, want) {
			t.Errorf("%s: roleRef %+v subjects %+v, want ClusterRole %s and %+v", b.Name, b.RoleRef, b.Subjects, b.Name, want)
		}
		checkMeta(t, b.Name, b.Labels, b.Annotations)
	}
}

func TestRulesMatchUpstream(t *testing.T) {
	for _, tc := range []struct {
		role string
		want []rbacv1.PolicyRule
	}{
		{"system:service-account-issuer-discovery", []rbacv1.PolicyRule{{
			Verbs:           []string{"get"},
			NonResourceURLs: []string{"/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"},
		}}},
		{"system:controller:namespace-controller", []rbacv1.PolicyRule{
			pr("delete,get,list,watch", "", "namespaces"),
			pr("update", "", "namespaces/finalize,namespaces/status"),
			pr("delete,deletecollection,get,list,watch", "*", "*"),
		}},
		{"system:node", []rbacv1.PolicyRule{
			pr("create", "authentication.k8s.io", "tokenreviews"),
			pr("create", "authorization.k8s.io", "localsubjectaccessreviews,subjectaccessreviews"),
			pr(readVerbs, "", "services"),
			pr("create,get,list,watch", "", "nodes"),
			pr("patch,update", "", "nodes/status"),
			pr("patch,update", "", "nodes"),
			pr(eventVerbs, "", "events"),
			pr(readVerbs, "", "pods"),
			pr("create,delete", "", "pods"),
			pr("patch,update", "", "pods/status"),
			pr("create", "", "pods/eviction"),
			pr(readVerbs, "", "configmaps,secrets"),
			pr("get", "", "persistentvolumeclaims,persistentvolumes"),
			pr("get", "", "endpoints"),
			pr("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
			pr("create,delete,get,patch,update", "coordination.k8s.io", "leases"),
			pr("get", "storage.k8s.io", "volumeattachments"),
			pr("create", "", "serviceaccounts/token"),
			pr("get,patch,update", "", "persistentvolumeclaims/status"),
			pr(readVerbs, "storage.k8s.io", "csidrivers"),
			pr("create,delete,get,patch,update", "storage.k8s.io", "csinodes"),
			pr(readVerbs, "node.k8s.io", "runtimeclasses"),
			pr("get", "resource.k8s.io", "resourceclaims"),
			pr("deletecollection", "resource.k8s.io", "resourceslices"),
		}},
		{"system:controller:certificate-controller", []rbacv1.PolicyRule{
			pr("delete,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
			pr("update", "certificates.k8s.io", "certificatesigningrequests/approval,certificatesigningrequests/status"),
			named(pr("approve", "certificates.k8s.io", "signers"), "kubernetes.io/kube-apiserver-client-kubelet"),
			named(pr("sign", "certificates.k8s.io", "signers"), "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet",
				"kubernetes.io/kubelet-serving", "kubernetes.io/legacy-unknown"),
			pr("create", "authorization.k8s.io", "subjectaccessreviews"),
			upstreamEvents,
		}},
		{"system:controller:resource-claim-controller", []rbacv1.PolicyRule{
			pr(readVerbs, "", "pods"),
			pr("update", "", "pods/finalizers"),
			pr("create,delete,get,list,watch", "resource.k8s.io", "resourceclaims"),
			pr("patch,update", "resource.k8s.io", "resourceclaims,resourceclaims/status"),
			pr("patch,update", "", "pods/status"),
			upstreamEvents,
			pr("patch,update", "resource.k8s.io", "resourceclaims/binding"),
		}},
		{"system:kubelet-api-admin", []rbacv1.PolicyRule{
			pr(readVerbs, "", "nodes"),
			pr("proxy", "", "nodes"),
			pr("*", "", "nodes/configz,nodes/healthz,nodes/log,nodes/metrics,nodes/pods,nodes/proxy,nodes/stats"),
		}},
		{"system:controller:legacy-service-account-token-cleaner", []rbacv1.PolicyRule{
			named(pr("get", "", "configmaps"), "kube-apiserver-legacy-service-account-token-tracking"),
			pr("delete,patch", "", "secrets"),
		}},
	} {
		got := findClusterRole(t, tc.role).Rules
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s rules\n got %+v\nwant %+v", tc.role, got, tc.want)
		}
	}
}

// TestAggregatedRolesFeedAdminEditView checks that the rules a namespace editor gets come from the
// labelled aggregate-to roles, as in upstream: aggregate-to-view reaches view (and through view's own
// label, edit and admin), aggregate-to-edit reaches edit and admin.
func TestAggregatedRolesFeedAdminEditView(t *testing.T) {
	for _, tc := range []struct {
		role   string
		labels map[string]string
		rule   rbacv1.PolicyRule
	}{
		{"system:aggregate-to-view", map[string]string{"rbac.authorization.k8s.io/aggregate-to-view": "true"},
			pr(readVerbs, "discovery.k8s.io", "endpointslices")},
		{"system:aggregate-to-edit", map[string]string{"rbac.authorization.k8s.io/aggregate-to-edit": "true"},
			pr("create,delete,deletecollection,get,list,patch,update,watch", "coordination.k8s.io", "leases")},
		{"system:aggregate-to-admin", map[string]string{"rbac.authorization.k8s.io/aggregate-to-admin": "true"},
			pr("create", "authorization.k8s.io", "localsubjectaccessreviews")},
	} {
		r := findClusterRole(t, tc.role)
		for k, v := range tc.labels {
			if r.Labels[k] != v {
				t.Errorf("%s: labels %v lack %s=%s", tc.role, r.Labels, k, v)
			}
		}
		found := false
		for _, got := range r.Rules {
			found = found || reflect.DeepEqual(got, tc.rule)
		}
		if !found {
			t.Errorf("%s: no rule %+v in %+v", tc.role, tc.rule, r.Rules)
		}
	}
}

func TestKubeSchedulerMayBindResourceClaims(t *testing.T) {
	rules := findClusterRole(t, "system:kube-scheduler").Rules
	want := []rbacv1.PolicyRule{
		named(pr("get,list,update,watch", "coordination.k8s.io", "leases"), "kube-scheduler"),
		pr("create,delete,deletecollection,get,list,patch,update,watch", "coordination.k8s.io", "leasecandidates"),
		pr(readVerbs, "storage.k8s.io", "volumeattachments"),
		pr("get,list,patch,update,watch", "resource.k8s.io", "resourceclaims/status"),
		pr("patch,update", "resource.k8s.io", "resourceclaims/binding"),
	}
	for _, w := range want {
		found := false
		for _, got := range rules {
			found = found || reflect.DeepEqual(got, w)
		}
		if !found {
			t.Errorf("system:kube-scheduler lacks %+v", w)
		}
	}
}
