package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// createNamespace creates a namespace for one test, so that tests never see each other's objects,
// and waits for its default service account, without which the ServiceAccount admission plugin
// refuses pods.
func createNamespace(t *testing.T, name string) {
	t.Helper()
	if out := kubectl(t, "create", "namespace", name); out != "namespace/"+name+" created\n" {
		t.Fatalf("kubectl create namespace %s printed %q", name, out)
	}
	kubectl(t, "wait", "--for=create", "serviceaccount/default", "-n", name, "--timeout=60s")
}

func TestVersion(t *testing.T) {
	var v struct {
		ServerVersion *struct {
			Major      string `json:"major"`
			Minor      string `json:"minor"`
			GitVersion string `json:"gitVersion"`
		} `json:"serverVersion"`
	}
	out := kubectl(t, "version", "-o", "json")
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("kubectl version -o json: %v\n%s", err, out)
	}
	if v.ServerVersion == nil {
		t.Fatalf("kubectl version -o json has no serverVersion:\n%s", out)
	}
	if !strings.HasPrefix(v.ServerVersion.GitVersion, "v1.37.") {
		t.Errorf("serverVersion.gitVersion = %q, want v1.37.x", v.ServerVersion.GitVersion)
	}
	if v.ServerVersion.Major != "1" || v.ServerVersion.Minor != "37" {
		t.Errorf("serverVersion major.minor = %q.%q, want 1.37", v.ServerVersion.Major, v.ServerVersion.Minor)
	}
}

func TestDefaultNamespaces(t *testing.T) {
	tb := parseTable(t, kubectl(t, "get", "ns"))
	tb.wantHeader(t, "NAME", "STATUS", "AGE")
	for _, name := range []string{"default", "kube-system", "kube-public", "kube-node-lease"} {
		wantCells(t, tb.row(t, name), map[string]string{"STATUS": "Active"})
	}
}

func TestExplain(t *testing.T) {
	out := kubectl(t, "explain", "pod.spec.containers")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^KIND:\s+Pod$`),
		regexp.MustCompile(`(?m)^VERSION:\s+v1$`),
		regexp.MustCompile(`(?m)^\s+image\s+<string>`),
		regexp.MustCompile(`(?m)^\s+name\s+<string> -required-`),
	} {
		if !want.MatchString(out) {
			t.Errorf("kubectl explain pod.spec.containers does not match %s:\n%s", want, out)
		}
	}
}

func TestMissingNamespace(t *testing.T) {
	errOut := kubectlFails(t, "run", "lost", "--image=nginx:1.27", "-n", "nope")
	if want := `Error from server (NotFound): namespaces "nope" not found`; !strings.Contains(errOut, want) {
		t.Errorf("kubectl run in a missing namespace: stderr %q, want it to contain %q", errOut, want)
	}
	// Listing in a namespace that does not exist is not an error, as with kube-apiserver.
	errOut = shared.kubectlStderr(t, "get", "pods", "-n", "nope")
	if want := "No resources found in nope namespace."; !strings.Contains(errOut, want) {
		t.Errorf("kubectl get pods -n nope: stderr %q, want it to contain %q", errOut, want)
	}
}

func TestImagePullPolicyDefaults(t *testing.T) {
	const ns = "e2e-pull-policy"
	createNamespace(t, ns)
	tests := []struct {
		pod, image, want string
	}{
		{"untagged", "nginx", "Always"},
		{"latest", "nginx:latest", "Always"},
		{"tagged", "nginx:1.27", "IfNotPresent"},
		{"digest", "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000", "IfNotPresent"},
		{"registry-port", "registry.local:5000/nginx", "Always"},
		{"registry-port-tagged", "registry.local:5000/nginx:1.27", "IfNotPresent"},
	}
	for _, tt := range tests {
		if out := kubectl(t, "run", tt.pod, "--image="+tt.image, "-n", ns); out != "pod/"+tt.pod+" created\n" {
			t.Fatalf("kubectl run %s printed %q", tt.pod, out)
		}
	}
	tb := parseTable(t, kubectl(t, "get", "pods", "-n", ns,
		"-o", "custom-columns=NAME:.metadata.name,POLICY:.spec.containers[0].imagePullPolicy"))
	for _, tt := range tests {
		t.Run(tt.pod, func(t *testing.T) {
			wantCells(t, tb.row(t, tt.pod), map[string]string{"POLICY": tt.want})
		})
	}
}

// TestPrivilegedNeedsAllowPrivileged runs a privileged pod on a kapi started without
// --allow-privileged, which kube-apiserver refuses by default.
func TestPrivilegedNeedsAllowPrivileged(t *testing.T) {
	createNamespace(t, "e2e-privileged")
	errOut := kubectlFails(t, "run", "root", "--image=nginx:1.27", "--privileged", "-n", "e2e-privileged")
	want := `The Pod "root" is invalid: spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy`
	if !strings.Contains(errOut, want) {
		t.Errorf("kubectl run --privileged: stderr %q, want it to contain %q", errOut, want)
	}
}
