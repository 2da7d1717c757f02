package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAuthCanIAdmin asks `kubectl auth can-i` as the admin of the shared server, a member of
// system:masters.
func TestAuthCanIAdmin(t *testing.T) {
	if got := kubectl(t, "auth", "can-i", "create", "pods"); got != "yes\n" {
		t.Errorf("can-i create pods printed %q, want yes", got)
	}
	if got := kubectl(t, "auth", "can-i", "delete", "nodes", "--all-namespaces"); got != "yes\n" {
		t.Errorf("can-i delete nodes printed %q, want yes", got)
	}
	tb := parseTable(t, kubectl(t, "auth", "can-i", "--list", "-n", "default"))
	tb.wantHeader(t, "Resources", "Non-Resource URLs", "Resource Names", "Verbs")
	want := map[string]string{"Resources": "*.*", "Non-Resource URLs": "[]", "Resource Names": "[]", "Verbs": "[*]"}
	for _, row := range tb.rows {
		if cmp.Equal(row, want) {
			return
		}
	}
	t.Errorf("can-i --list has no row %v: %v", want, tb.rows)
}

// abacE2EPolicy lets bob read pods anywhere, and every authenticated user discover the API and ask
// about their own access.
const abacE2EPolicy = `{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "bob", "namespace": "*", "resource": "pods", "apiGroup": "", "readonly": true}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "namespace": "*", "nonResourcePath": "/api*", "readonly": true}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "apiGroup": "authorization.k8s.io", "resource": "selfsubjectaccessreviews"}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "apiGroup": "authorization.k8s.io", "resource": "selfsubjectrulesreviews"}}
`

// TestAuthCanIABAC starts a kapi of its own with --authorization-mode=ABAC and asks `kubectl auth
// can-i` as the admin and as bob, a --token-auth-file user, whose answers kubectl's real requests
// confirm.
func TestAuthCanIABAC(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.jsonl")
	tokens := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(policy, []byte(abacE2EPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokens, []byte("bob-token,bob,1001,\"system:authenticated\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s, err := startServer(kapiBin, dir, port, "--authorization-mode=ABAC", "--authorization-policy-file="+policy, "--token-auth-file="+tokens)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})

	if got := s.kubectl(t, "auth", "can-i", "delete", "nodes"); got != "yes\n" {
		t.Errorf("admin: can-i delete nodes printed %q, want yes: system:masters needs no policy", got)
	}
	s.kubectl(t, "create", "namespace", "team")

	bob := []string{"KUBECONFIG=" + tokenKubeconfig(t, s, "bob-token")}
	canI := func(args ...string) (string, int) {
		t.Helper()
		out, errOut, err := s.exec("", bob, append([]string{"auth", "can-i"}, args...)...)
		var exit *exec.ExitError
		switch {
		case err == nil:
			return out, 0
		case errors.As(err, &exit):
			return out, exit.ExitCode()
		}
		t.Fatalf("kubectl auth can-i %s: %v\n%s", strings.Join(args, " "), err, errOut)
		return "", 0
	}
	tests := []struct {
		args     []string
		wantOut  string
		wantExit int
	}{
		{[]string{"list", "pods", "-n", "team"}, "yes\n", 0},
		{[]string{"get", "pods", "--all-namespaces"}, "yes\n", 0},
		{[]string{"delete", "pods", "-n", "team"}, "no - abac: No policy matched.\n", 1},
		{[]string{"list", "services", "-n", "team"}, "no - abac: No policy matched.\n", 1},
		{[]string{"get", "/apis"}, "yes\n", 0},
		{[]string{"get", "/metrics"}, "no - abac: No policy matched.\n", 1},
	}
	for _, tt := range tests {
		if out, code := canI(tt.args...); out != tt.wantOut || code != tt.wantExit {
			t.Errorf("bob: can-i %s: printed %q and exited %d, want %q and %d", strings.Join(tt.args, " "), out, code, tt.wantOut, tt.wantExit)
		}
	}

	tb := parseTable(t, s.kubectlEnv(t, bob, "", "auth", "can-i", "--list", "-n", "team"))
	tb.wantHeader(t, "Resources", "Non-Resource URLs", "Resource Names", "Verbs")
	want := []map[string]string{
		{"Resources": "pods", "Non-Resource URLs": "[]", "Resource Names": "[]", "Verbs": "[get list watch]"},
		{"Resources": "", "Non-Resource URLs": "[/api*]", "Resource Names": "[]", "Verbs": "[get]"},
		{"Resources": "", "Non-Resource URLs": "[/api*]", "Resource Names": "[]", "Verbs": "[list]"},
		{"Resources": "", "Non-Resource URLs": "[/api*]", "Resource Names": "[]", "Verbs": "[watch]"},
	}
	if diff := cmp.Diff(want, tb.rows); diff != "" {
		t.Errorf("bob: can-i --list (-want +got):\n%s", diff)
	}

	// What can-i said, the real requests confirm.
	if out := s.kubectlEnv(t, bob, "", "get", "pods", "-n", "team"); out != "" {
		t.Errorf("bob: get pods printed %q, want nothing on stdout", out)
	}
	_, errOut, err := s.exec("", bob, "get", "services", "-n", "team")
	const forbidden = `Error from server (Forbidden): services is forbidden: User "bob" cannot list resource "services" in API group "" in the namespace "team": abac: No policy matched.` + "\n"
	if err == nil || errOut != forbidden {
		t.Errorf("bob: get services: err=%v, stderr %q, want %q", err, errOut, forbidden)
	}
}
