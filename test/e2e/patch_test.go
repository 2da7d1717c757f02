package e2e

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestPatch(t *testing.T) {
	const ns = "e2e-patch"
	createNamespace(t, ns)
	kubectlIn(t, `apiVersion: v1
kind: Pod
metadata:
  name: patchme
  namespace: e2e-patch
  labels:
    app: patchme
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 80
`, "apply", "-f", "-")
	get := func(jsonPath string) string {
		t.Helper()
		return kubectl(t, "get", "pod", "patchme", "-n", ns, "-o", "jsonpath="+jsonPath)
	}
	patch := func(args ...string) {
		t.Helper()
		if out := kubectl(t, append([]string{"patch", "pod", "patchme", "-n", ns}, args...)...); out != "pod/patchme patched\n" {
			t.Errorf("kubectl patch %s printed %q", strings.Join(args, " "), out)
		}
	}

	t.Run("strategic merges containers by name", func(t *testing.T) {
		patch("-p", `{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}`)
		if got := get("{.spec.containers[0].image}"); got != "nginx:1.28" {
			t.Errorf("image = %q, want nginx:1.28", got)
		}
		if got := get("{.spec.containers[0].ports[0].containerPort}"); got != "80" {
			t.Errorf("containerPort = %q, want the untouched 80", got)
		}
	})

	t.Run("merge", func(t *testing.T) {
		patch("--type=merge", "-p", `{"metadata":{"labels":{"tier":"frontend"}}}`)
		var labels map[string]string
		if err := json.Unmarshal([]byte(get("{.metadata.labels}")), &labels); err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"app": "patchme", "tier": "frontend"}; !reflect.DeepEqual(labels, want) {
			t.Errorf("labels = %v, want %v", labels, want)
		}
	})

	t.Run("merge replaces lists", func(t *testing.T) {
		// Without the strategy the containers list is replaced and the port dropped, which a pod
		// update may not do.
		errOut := kubectlFails(t, "patch", "pod", "patchme", "-n", ns, "--type=merge", "-p",
			`{"spec":{"containers":[{"name":"app","image":"nginx:1.29"}]}}`)
		if want := `The Pod "patchme" is invalid: spec: Forbidden: pod updates may not change fields other than`; !strings.Contains(errOut, want) {
			t.Errorf("stderr %q, want it to contain %q", errOut, want)
		}
	})

	t.Run("json", func(t *testing.T) {
		patch("--type=json", "-p", `[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.29"}]`)
		if got := get("{.spec.containers[0].image}"); got != "nginx:1.29" {
			t.Errorf("image = %q, want nginx:1.29", got)
		}
	})

	t.Run("status subresource", func(t *testing.T) {
		// The status subresource takes status only; the spec change in the same patch is dropped.
		patch("--subresource=status", "--type=merge", "-p", `{"spec":{"activeDeadlineSeconds":30},"status":{"phase":"Running"}}`)
		tb := parseTable(t, kubectl(t, "get", "pod", "patchme", "-n", ns))
		wantCells(t, tb.row(t, "patchme"), map[string]string{"STATUS": "Running"})
		if got := get("{.spec.activeDeadlineSeconds}"); got != "" {
			t.Errorf("spec.activeDeadlineSeconds = %q after a status patch, want it unset", got)
		}
	})

	t.Run("main resource ignores status", func(t *testing.T) {
		kubectl(t, "patch", "pod", "patchme", "-n", ns, "--type=merge", "-p", `{"status":{"phase":"Succeeded"}}`)
		if got := get("{.status.phase}"); got != "Running" {
			t.Errorf("status.phase = %q after patching the pod itself, want Running", got)
		}
	})
}
