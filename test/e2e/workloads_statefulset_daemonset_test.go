package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// kubeletForRollouts stands in, through kubectl, for the kubelets of a cluster: until the test
// ends it keeps node's Ready heartbeat fresh and marks every pod of ns Running and Ready.
func kubeletForRollouts(t *testing.T, ns, node string) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			heartbeat := fmt.Sprintf(`{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":%q}]}}`, time.Now().UTC().Format(time.RFC3339))
			_, _, _ = shared.exec("", nil, "patch", "node", node, "--subresource=status", "--type=merge", "-p", heartbeat)
			out, _, err := shared.exec("", nil, "get", "pods", "-n", ns, "-o", `jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}`)
			if err == nil {
				for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
					name, phase, _ := strings.Cut(line, " ")
					if name == "" || phase == "Running" {
						continue
					}
					_, _, _ = shared.exec("", nil, "patch", "pod", name, "-n", ns, "--subresource=status", "--type=merge",
						"-p", `{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}`)
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()
}

// TestStatefulSetAndDaemonSetRollouts drives a StatefulSet and a DaemonSet through `kubectl
// rollout status`, `set image`, `rollout history` and `rollout undo`; kubectl reads the history
// from their ControllerRevisions.
func TestStatefulSetAndDaemonSetRollouts(t *testing.T) {
	const ns, node = "sts-ds-rollout-e2e", "sts-ds-rollout-e2e-node"
	createNamespace(t, ns)
	defer kubectl(t, "delete", "namespace", ns, "--wait=false")
	kubectlIn(t, `{"apiVersion":"v1","kind":"Node","metadata":{"name":"`+node+`","labels":{"sts-ds-rollout-e2e":"yes"}}}`, "create", "-f", "-")
	defer kubectl(t, "delete", "node", node, "--wait=false")
	kubeletForRollouts(t, ns, node)

	manifests := `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 2
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: "busybox:1"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {sts-ds-rollout-e2e: "yes"}
      containers: [{name: main, image: "busybox:1"}]
`
	kubectlIn(t, manifests, "apply", "-n", ns, "-f", "-")

	for _, tc := range []struct {
		object, done string
	}{
		{"statefulset/web", "partitioned roll out complete: 2 new pods have been updated...\n"},
		{"daemonset/agent", `daemon set "agent" successfully rolled out` + "\n"},
	} {
		status := func() {
			t.Helper()
			out := kubectl(t, "rollout", "status", tc.object, "-n", ns, "--timeout=90s")
			if !strings.HasSuffix(out, tc.done) {
				t.Errorf("kubectl rollout status %s printed %q, want it to end with %q", tc.object, out, tc.done)
			}
		}
		revisions := func(want string) {
			t.Helper()
			out := kubectl(t, "rollout", "history", tc.object, "-n", ns)
			var got []string
			for _, line := range strings.Split(out, "\n")[2:] {
				if fields := strings.Fields(line); len(fields) > 0 {
					got = append(got, fields[0])
				}
			}
			if strings.Join(got, ",") != want {
				t.Errorf("kubectl rollout history %s printed\n%s\nwant revisions %s", tc.object, out, want)
			}
		}
		image := func(want string) {
			t.Helper()
			if out := kubectl(t, "get", tc.object, "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"); out != want {
				t.Errorf("%s runs %s, want %s", tc.object, out, want)
			}
		}

		status()
		if out := kubectl(t, "set", "image", tc.object, "main=busybox:2", "-n", ns); !strings.HasSuffix(out, " image updated\n") {
			t.Errorf("kubectl set image %s printed %q", tc.object, out)
		}
		status()
		revisions("1,2")
		if out := kubectl(t, "rollout", "history", tc.object, "-n", ns, "--revision=1"); !strings.Contains(out, "busybox:1") {
			t.Errorf("revision 1 of %s:\n%s\nwant the image busybox:1", tc.object, out)
		}
		if out := kubectl(t, "rollout", "undo", tc.object, "-n", ns); !strings.HasSuffix(out, " rolled back\n") {
			t.Errorf("kubectl rollout undo %s printed %q", tc.object, out)
		}
		status()
		image("busybox:1")
		revisions("2,3")
	}
}
