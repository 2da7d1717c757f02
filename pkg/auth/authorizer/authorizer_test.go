package authorizer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
)

func errorStrings(errs []error) []string {
	out := []string{}
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

func TestValidatePolicyFile(t *testing.T) {
	tests := []struct {
		name   string
		config Config
		want   []string
	}{
		{"ABAC with a policy file", Config{Modes: []string{ModeABAC}, PolicyFile: "policy.jsonl"}, []string{}},
		{"ABAC after other modes", Config{Modes: []string{ModeAlwaysDeny, ModeABAC}, PolicyFile: "policy.jsonl"}, []string{}},
		{"ABAC without a policy file", Config{Modes: []string{ModeAlwaysAllow, ModeABAC}}, []string{"authorization-mode ABAC's authorization policy file not passed"}},
		{"a policy file without ABAC", Config{Modes: []string{ModeAlwaysAllow}, PolicyFile: "policy.jsonl"}, []string{"cannot specify --authorization-policy-file without mode ABAC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, errorStrings(tt.config.Validate())); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewABAC(t *testing.T) {
	policy := filepath.Join(t.TempDir(), "policy.jsonl")
	lines := `{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "alice", "namespace": "*", "resource": "*", "apiGroup": "*"}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "bob", "namespace": "b", "resource": "pods", "apiGroup": "", "readonly": true}}
`
	if err := os.WriteFile(policy, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	authz, resolver, err := Config{Modes: []string{ModeABAC, ModeAlwaysDeny}, PolicyFile: policy, PublicPaths: []string{"/healthz"}}.New(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	pods := func(u user.Info, verb string) authorizer.AttributesRecord {
		return authorizer.AttributesRecord{User: u, Verb: verb, Resource: "pods", Namespace: "b", ResourceRequest: true}
	}
	bob := &user.DefaultInfo{Name: "bob", Groups: []string{user.AllAuthenticated}}
	tests := []struct {
		name     string
		attrs    authorizer.AttributesRecord
		decision authorizer.Decision
		reason   string
	}{
		{"a rule allows", pods(&user.DefaultInfo{Name: "alice"}, "delete"), authorizer.DecisionAllow, ""},
		{"a readonly rule allows reading", pods(bob, "list"), authorizer.DecisionAllow, ""},
		{"the next mode is asked what no rule allows", pods(bob, "delete"), authorizer.DecisionNoOpinion, "abac: No policy matched.\nalwaysdeny: Everything is forbidden."},
		{"system:masters needs no rule", pods(&user.DefaultInfo{Name: "root", Groups: []string{user.SystemPrivilegedGroup}}, "delete"), authorizer.DecisionAllow, ""},
		{"public paths need no rule", authorizer.AttributesRecord{User: &user.DefaultInfo{Name: user.Anonymous}, Verb: "get", Path: "/healthz"}, authorizer.DecisionAllow, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decision, reason, err := authz.Authorize(context.Background(), tt.attrs)
			if err != nil {
				t.Fatal(err)
			}
			if decision != tt.decision || reason != tt.reason {
				t.Errorf("got %v %q, want %v %q", decision, reason, tt.decision, tt.reason)
			}
		})
	}

	resourceRules, nonResourceRules, incomplete, err := resolver.RulesFor(context.Background(), bob, "b")
	if err != nil || incomplete || len(nonResourceRules) != 0 || len(resourceRules) != 1 {
		t.Fatalf("got %d resource rules, %d non-resource rules, incomplete=%v, err=%v; want bob's one rule", len(resourceRules), len(nonResourceRules), incomplete, err)
	}
	got := authorizer.DefaultResourceRuleInfo{Verbs: resourceRules[0].GetVerbs(), APIGroups: resourceRules[0].GetAPIGroups(), Resources: resourceRules[0].GetResources()}
	want := authorizer.DefaultResourceRuleInfo{Verbs: []string{"get", "list", "watch"}, APIGroups: []string{""}, Resources: []string{"pods"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule (-want +got):\n%s", diff)
	}
}

// TestNewABACReason shows the reason a 403 carries when ABAC is the only mode: the mode's lower-cased
// name, then ABAC's own reason, as kube-apiserver words it.
func TestNewABACReason(t *testing.T) {
	policy := filepath.Join(t.TempDir(), "policy.jsonl")
	if err := os.WriteFile(policy, []byte("# no rules\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	authz, _, err := Config{Modes: []string{ModeABAC}, PolicyFile: policy}.New(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	decision, reason, err := authz.Authorize(context.Background(), authorizer.AttributesRecord{User: &user.DefaultInfo{Name: "bob"}, Verb: "get", Path: "/api"})
	if err != nil || decision != authorizer.DecisionNoOpinion || reason != "abac: No policy matched." {
		t.Errorf("got %v %q %v, want no opinion, %q", decision, reason, err, "abac: No policy matched.")
	}
}

func TestNewABACBadFile(t *testing.T) {
	policy := filepath.Join(t.TempDir(), "policy.jsonl")
	if err := os.WriteFile(policy, []byte("{\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Config{Modes: []string{ModeABAC}, PolicyFile: policy}.New(t.Context())
	want := "error reading policy file " + policy + ", line 1: {: "
	if err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
		t.Errorf("got %v, want an error starting %q", err, want)
	}
}

// TestNewNode shows kube-apiserver's usual Node,RBAC: the Node authorizer decides a node's request
// first, and its no-opinion reason leads the 403 message, prefixed "node: ".
func TestNewNode(t *testing.T) {
	if errs := (Config{Modes: []string{ModeNode, ModeRBAC}}).Validate(); len(errs) != 0 {
		t.Fatalf("Node,RBAC: %v", errs)
	}
	if _, _, err := (Config{Modes: []string{ModeNode}}).New(t.Context()); err == nil {
		t.Error("Node without an informer factory: no error")
	}
	factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
	authz, _, err := Config{Modes: []string{ModeNode, ModeRBAC}, InformerFactory: factory}.New(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n1 := &user.DefaultInfo{Name: "system:node:n1", Groups: []string{user.NodesGroup}}
	for _, tc := range []struct {
		name     string
		attrs    authorizer.AttributesRecord
		decision authorizer.Decision
		reason   string
	}{
		{"an unrelated secret", authorizer.AttributesRecord{User: n1, Verb: "get", Resource: "secrets", Namespace: "ns", Name: "s", ResourceRequest: true},
			authorizer.DecisionNoOpinion, "node: no relationship found between node 'n1' and this object"},
		{"its own Node", authorizer.AttributesRecord{User: n1, Verb: "get", Resource: "nodes", Name: "n1", ResourceRequest: true}, authorizer.DecisionAllow, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			decision, reason, err := authz.Authorize(context.Background(), tc.attrs)
			if err != nil || decision != tc.decision || reason != tc.reason {
				t.Errorf("got %v %q %v, want %v %q", decision, reason, err, tc.decision, tc.reason)
			}
		})
	}
}
