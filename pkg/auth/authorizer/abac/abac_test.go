package abac

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
)

var (
	alice = &user.DefaultInfo{Name: "alice", Groups: []string{"dev", user.AllAuthenticated}}
	bob   = &user.DefaultInfo{Name: "bob", Groups: []string{user.AllAuthenticated}}
	anon  = &user.DefaultInfo{Name: user.Anonymous, Groups: []string{user.AllUnauthenticated}}
)

func rules(specs ...abac.PolicySpec) PolicyList {
	pl := make(PolicyList, 0, len(specs))
	for _, s := range specs {
		pl = append(pl, &abac.Policy{Spec: s})
	}
	return pl
}

func resource(u user.Info, verb, group, res, ns string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{User: u, Verb: verb, APIGroup: group, Resource: res, Namespace: ns, ResourceRequest: true}
}

func path(u user.Info, verb, p string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{User: u, Verb: verb, Path: p}
}

func TestAuthorize(t *testing.T) {
	tests := []struct {
		name  string
		rules PolicyList
		attrs authorizer.AttributesRecord
		allow bool
	}{
		{"exact user, namespace, resource and group", rules(abac.PolicySpec{User: "alice", Namespace: "ns", Resource: "pods", APIGroup: ""}), resource(alice, "create", "", "pods", "ns"), true},
		{"another user", rules(abac.PolicySpec{User: "alice", Namespace: "ns", Resource: "pods"}), resource(bob, "get", "", "pods", "ns"), false},
		{"user wildcard", rules(abac.PolicySpec{User: "*", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "delete", "apps", "deployments", "x"), true},
		{"group member", rules(abac.PolicySpec{Group: "dev", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(alice, "get", "", "pods", "ns"), true},
		{"not a group member", rules(abac.PolicySpec{Group: "dev", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "get", "", "pods", "ns"), false},
		{"group wildcard", rules(abac.PolicySpec{Group: "*", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(anon, "get", "", "pods", "ns"), true},
		{"user and group must both match", rules(abac.PolicySpec{User: "bob", Group: "dev", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "get", "", "pods", "ns"), false},
		{"user and group both matching", rules(abac.PolicySpec{User: "alice", Group: "dev", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(alice, "get", "", "pods", "ns"), true},
		{"no subject applies to nobody", rules(abac.PolicySpec{Namespace: "*", Resource: "*", APIGroup: "*", NonResourcePath: "*"}), resource(alice, "get", "", "pods", "ns"), false},
		{"system:authenticated admits authenticated users", rules(abac.PolicySpec{Group: user.AllAuthenticated, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "list", "", "pods", ""), true},
		{"system:authenticated refuses anonymous", rules(abac.PolicySpec{Group: user.AllAuthenticated, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(anon, "list", "", "pods", ""), false},
		{"system:unauthenticated admits anonymous", rules(abac.PolicySpec{Group: user.AllUnauthenticated, NonResourcePath: "/version"}), path(anon, "get", "/version"), true},
		{"no user on the request", rules(abac.PolicySpec{User: "*", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(nil, "get", "", "pods", "ns"), false},

		{"readonly allows get", rules(abac.PolicySpec{User: "bob", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "get", "", "pods", "ns"), true},
		{"readonly allows list", rules(abac.PolicySpec{User: "bob", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "list", "", "pods", "ns"), true},
		{"readonly allows watch", rules(abac.PolicySpec{User: "bob", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "watch", "", "pods", "ns"), true},
		{"readonly refuses create", rules(abac.PolicySpec{User: "bob", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "create", "", "pods", "ns"), false},
		{"readonly refuses delete", rules(abac.PolicySpec{User: "bob", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "delete", "", "pods", "ns"), false},
		{"readonly refuses a non-resource post", rules(abac.PolicySpec{User: "bob", Readonly: true, NonResourcePath: "*"}), path(bob, "post", "/api"), false},

		{"other namespace", rules(abac.PolicySpec{User: "bob", Namespace: "a", Resource: "*", APIGroup: "*"}), resource(bob, "get", "", "pods", "b"), false},
		{"namespace wildcard covers the cluster scope", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "*", APIGroup: "*"}), resource(bob, "get", "", "nodes", ""), true},
		{"a namespaced rule does not cover the cluster scope", rules(abac.PolicySpec{User: "bob", Namespace: "a", Resource: "*", APIGroup: "*"}), resource(bob, "list", "", "pods", ""), false},
		{"an empty namespace is the cluster scope only", rules(abac.PolicySpec{User: "bob", Resource: "nodes", APIGroup: "*"}), resource(bob, "get", "", "nodes", ""), true},
		{"other resource", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "pods", APIGroup: "*"}), resource(bob, "get", "", "services", "a"), false},
		{"resource names are not prefixes", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "pod", APIGroup: "*"}), resource(bob, "get", "", "pods", "a"), false},
		{"other API group", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "*", APIGroup: "apps"}), resource(bob, "get", "batch", "jobs", "a"), false},
		{"an empty API group is the core group", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "*"}), resource(bob, "get", "", "pods", "a"), true},
		{"an empty API group is not another group", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "*"}), resource(bob, "get", "apps", "deployments", "a"), false},
		{"a resource rule does not cover paths", rules(abac.PolicySpec{User: "bob", Namespace: "*", Resource: "*", APIGroup: "*"}), path(bob, "get", "/healthz"), false},

		{"path wildcard", rules(abac.PolicySpec{User: "bob", NonResourcePath: "*"}), path(bob, "get", "/apis"), true},
		{"exact path", rules(abac.PolicySpec{User: "bob", NonResourcePath: "/version"}), path(bob, "get", "/version"), true},
		{"other path", rules(abac.PolicySpec{User: "bob", NonResourcePath: "/version"}), path(bob, "get", "/healthz"), false},
		{"path prefix", rules(abac.PolicySpec{User: "bob", NonResourcePath: "/apis/*"}), path(bob, "get", "/apis/apps/v1"), true},
		{"path prefix covers its own directory", rules(abac.PolicySpec{User: "bob", NonResourcePath: "/apis/*"}), path(bob, "get", "/apis/"), true},
		{"path prefix does not cover its parent", rules(abac.PolicySpec{User: "bob", NonResourcePath: "/apis/*"}), path(bob, "get", "/api"), false},
		{"a path rule does not cover resources", rules(abac.PolicySpec{User: "bob", NonResourcePath: "*"}), resource(bob, "get", "", "pods", "a"), false},

		{"any matching rule allows", rules(
			abac.PolicySpec{User: "alice", Namespace: "*", Resource: "*", APIGroup: "*"},
			abac.PolicySpec{User: "bob", Namespace: "b", Resource: "pods"},
		), resource(bob, "update", "", "pods", "b"), true},
		{"no rules", rules(), resource(bob, "get", "", "pods", "b"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decision, reason, err := tt.rules.Authorize(context.Background(), tt.attrs)
			if err != nil {
				t.Fatal(err)
			}
			if tt.allow {
				if decision != authorizer.DecisionAllow || reason != "" {
					t.Errorf("got %v %q, want allow", decision, reason)
				}
				return
			}
			if decision != authorizer.DecisionNoOpinion || reason != "No policy matched." {
				t.Errorf("got %v %q, want no opinion, %q", decision, reason, "No policy matched.")
			}
		})
	}
}

func TestConditionsAwareAuthorize(t *testing.T) {
	pl := rules(abac.PolicySpec{User: "bob", NonResourcePath: "*"})
	if d := pl.ConditionsAwareAuthorize(context.Background(), path(bob, "get", "/api")); !d.IsAllow() {
		t.Errorf("got %v, want allow", d)
	}
	if d := pl.ConditionsAwareAuthorize(context.Background(), path(alice, "get", "/api")); !d.IsNoOpinion() || d.Reason() != "No policy matched." {
		t.Errorf("got %v, want no opinion", d)
	}
}

// ruleSet is RulesFor's answer in comparable form.
type ruleSet struct {
	Resource    []authorizer.DefaultResourceRuleInfo
	NonResource []authorizer.DefaultNonResourceRuleInfo
}

func TestRulesFor(t *testing.T) {
	pl := rules(
		abac.PolicySpec{User: "alice", Namespace: "a", Resource: "pods", APIGroup: ""},
		abac.PolicySpec{User: "alice", Readonly: true, Namespace: "*", Resource: "*", APIGroup: "*"},
		abac.PolicySpec{Group: "dev", Readonly: true, Namespace: "*", NonResourcePath: "/logs/*"},
		abac.PolicySpec{User: "bob", Namespace: "b", Resource: "*", APIGroup: "*", NonResourcePath: "*"},
		abac.PolicySpec{Group: user.AllUnauthenticated, NonResourcePath: "/version"},
	)
	readonly := []string{"get", "list", "watch"}
	tests := []struct {
		name      string
		user      user.Info
		namespace string
		want      ruleSet
	}{
		{
			name: "alice in a", user: alice, namespace: "a",
			want: ruleSet{
				Resource: []authorizer.DefaultResourceRuleInfo{
					{Verbs: []string{"*"}, APIGroups: []string{""}, Resources: []string{"pods"}},
					{Verbs: readonly, APIGroups: []string{"*"}, Resources: []string{"*"}},
				},
				NonResource: []authorizer.DefaultNonResourceRuleInfo{{Verbs: readonly, NonResourceURLs: []string{"/logs/*"}}},
			},
		},
		{
			name: "alice elsewhere", user: alice, namespace: "other",
			want: ruleSet{
				Resource:    []authorizer.DefaultResourceRuleInfo{{Verbs: readonly, APIGroups: []string{"*"}, Resources: []string{"*"}}},
				NonResource: []authorizer.DefaultNonResourceRuleInfo{{Verbs: readonly, NonResourceURLs: []string{"/logs/*"}}},
			},
		},
		{
			name: "a rule with both resource and path gives both rules", user: bob, namespace: "b",
			want: ruleSet{
				Resource:    []authorizer.DefaultResourceRuleInfo{{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}}},
				NonResource: []authorizer.DefaultNonResourceRuleInfo{{Verbs: []string{"*"}, NonResourceURLs: []string{"*"}}},
			},
		},
		{
			name: "a path-only rule in a namespace outside the rule's", user: bob, namespace: "a",
			want: ruleSet{},
		},
		{
			// As in kube-apiserver, a rule's namespace filters its path as well, so a path rule without
			// namespace is never listed for the namespace a rules review needs.
			name: "a path rule without namespace", user: anon, namespace: "a",
			want: ruleSet{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, nonRes, incomplete, err := pl.RulesFor(context.Background(), tt.user, tt.namespace)
			if err != nil || incomplete {
				t.Fatalf("got incomplete=%v err=%v, want a complete list", incomplete, err)
			}
			var got ruleSet
			for _, r := range res {
				got.Resource = append(got.Resource, authorizer.DefaultResourceRuleInfo{Verbs: r.GetVerbs(), APIGroups: r.GetAPIGroups(), Resources: r.GetResources(), ResourceNames: r.GetResourceNames()})
			}
			for _, r := range nonRes {
				got.NonResource = append(got.NonResource, authorizer.DefaultNonResourceRuleInfo{Verbs: r.GetVerbs(), NonResourceURLs: r.GetNonResourceURLs()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}
