package abac

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
)

func writePolicyFile(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func specs(pl PolicyList) []abac.PolicySpec {
	out := make([]abac.PolicySpec, 0, len(pl))
	for _, p := range pl {
		out = append(out, p.Spec)
	}
	return out
}

func TestNewFromFile(t *testing.T) {
	const v1beta1 = `{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": `
	tests := []struct {
		name  string
		lines []string
		want  []abac.PolicySpec
	}{
		{
			name: "v1beta1 lines are taken as written",
			lines: []string{
				v1beta1 + `{"user": "alice", "namespace": "projectCaribou", "resource": "pods", "apiGroup": "", "readonly": true}}`,
				v1beta1 + `{"group": "system:unauthenticated", "nonResourcePath": "/version"}}`,
			},
			want: []abac.PolicySpec{
				{User: "alice", Namespace: "projectCaribou", Resource: "pods", Readonly: true},
				{Group: "system:unauthenticated", NonResourcePath: "/version"},
			},
		},
		{
			name:  "a v1beta1 user wildcard means every authenticated user",
			lines: []string{v1beta1 + `{"user": "*", "namespace": "*", "resource": "*", "apiGroup": "*"}}`},
			want:  []abac.PolicySpec{{Group: "system:authenticated", Namespace: "*", Resource: "*", APIGroup: "*"}},
		},
		{
			name:  "a v1beta1 group wildcard replaces the user too",
			lines: []string{v1beta1 + `{"user": "alice", "group": "*", "nonResourcePath": "*"}}`},
			want:  []abac.PolicySpec{{Group: "system:authenticated", NonResourcePath: "*"}},
		},
		{
			name:  "a v0 line without namespace and resource allows everything, paths included",
			lines: []string{`{"user": "admin"}`},
			want:  []abac.PolicySpec{{User: "admin", Namespace: "*", Resource: "*", APIGroup: "*", NonResourcePath: "*"}},
		},
		{
			name:  "a v0 line without subject applies to every authenticated user",
			lines: []string{`{"readonly": true, "namespace": "team"}`},
			want:  []abac.PolicySpec{{Group: "system:authenticated", Readonly: true, Namespace: "team", Resource: "*", APIGroup: "*"}},
		},
		{
			name:  "a v0 user wildcard means every authenticated user",
			lines: []string{`{"user": "*", "resource": "events"}`},
			want:  []abac.PolicySpec{{Group: "system:authenticated", Namespace: "*", Resource: "events", APIGroup: "*"}},
		},
		{
			name:  "a v0 line with apiVersion and kind is v0 as well",
			lines: []string{`{"apiVersion": "abac.authorization.kubernetes.io/v0", "kind": "Policy", "group": "ops", "namespace": "ops"}`},
			want:  []abac.PolicySpec{{Group: "ops", Namespace: "ops", Resource: "*", APIGroup: "*"}},
		},
		{
			name: "blank lines and comments are skipped",
			lines: []string{
				"# who may do what",
				"",
				"   ",
				"   # indented comment",
				`{"user": "bob", "namespace": "b", "resource": "pods"}`,
			},
			want: []abac.PolicySpec{{User: "bob", Namespace: "b", Resource: "pods", APIGroup: "*"}},
		},
		{
			name:  "an empty file has no rules",
			lines: []string{"# nothing"},
			want:  []abac.PolicySpec{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := NewFromFile(writePolicyFile(t, tt.lines...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, specs(pl)); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewFromFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string // after "error reading policy file PATH"
	}{
		{
			name:  "malformed JSON names its line",
			lines: []string{"# comment", `{"user": "alice"}`, `{"user": "bob",}`},
			want:  `, line 3: {"user": "bob",}: couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string`,
		},
		{
			name:  "an unknown kind is refused",
			lines: []string{`{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Rule", "spec": {}}`},
			want:  `, line 1: {"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Rule", "spec": {}}: no kind "Rule" is registered for version "abac.authorization.kubernetes.io/v1beta1" in scheme`,
		},
		{
			name:  "an unknown version is refused",
			lines: []string{`{"apiVersion": "abac.authorization.kubernetes.io/v2", "kind": "Policy", "spec": {}}`},
			want:  `, line 1: {"apiVersion": "abac.authorization.kubernetes.io/v2", "kind": "Policy", "spec": {}}: no kind "Policy" is registered for version "abac.authorization.kubernetes.io/v2" in scheme`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writePolicyFile(t, tt.lines...)
			_, err := NewFromFile(path)
			if err == nil {
				t.Fatal("expected an error")
			}
			if want := "error reading policy file " + path + tt.want; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error\n got: %v\nwant: %s...", err, want)
			}
		})
	}
}

func TestNewFromFileMissing(t *testing.T) {
	_, err := NewFromFile(filepath.Join(t.TempDir(), "absent"))
	if !os.IsNotExist(err) {
		t.Errorf("got %v, want a file-not-found error", err)
	}
}
