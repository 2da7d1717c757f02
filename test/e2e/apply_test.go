package e2e

import (
	"fmt"
	"strings"
	"testing"
)

func TestServerSideApplyConflict(t *testing.T) {
	const ns = "e2e-ssa"
	createNamespace(t, ns)
	rc := func(replicas int) string {
		return fmt.Sprintf(`apiVersion: v1
kind: ReplicationController
metadata:
  name: counter
  namespace: e2e-ssa
spec:
  replicas: %d
  selector:
    app: counter
  template:
    metadata:
      labels:
        app: counter
    spec:
      containers:
      - name: counter
        image: busybox:1.37
        command: ["sh", "-c", "while true; do date; sleep 5; done"]
`, replicas)
	}
	const applied = "replicationcontroller/counter serverside-applied\n"

	if out := kubectlIn(t, rc(1), "apply", "--server-side", "--field-manager=alice", "-f", "-"); out != applied {
		t.Errorf("first server-side apply printed %q, want %q", out, applied)
	}

	errOut := kubectlInFails(t, rc(2), "apply", "--server-side", "--field-manager=bob", "-f", "-")
	if want := `Apply failed with 1 conflict: conflict with "alice": .spec.replicas`; !strings.Contains(errOut, want) {
		t.Errorf("conflicting apply: stderr %q, want it to contain %q", errOut, want)
	}
	if got := kubectl(t, "get", "rc", "counter", "-n", ns, "-o", "jsonpath={.spec.replicas}"); got != "1" {
		t.Errorf("spec.replicas = %q after the rejected apply, want 1", got)
	}

	if out := kubectlIn(t, rc(2), "apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", "-"); out != applied {
		t.Errorf("forced apply printed %q, want %q", out, applied)
	}
	tb := parseTable(t, kubectl(t, "get", "rc", "counter", "-n", ns))
	wantCells(t, tb.row(t, "counter"), map[string]string{"DESIRED": "2"})

	// bob took .spec.replicas from alice, so alice re-applying her old value now conflicts with bob.
	errOut = kubectlInFails(t, rc(1), "apply", "--server-side", "--field-manager=alice", "-f", "-")
	if want := `Apply failed with 1 conflict: conflict with "bob": .spec.replicas`; !strings.Contains(errOut, want) {
		t.Errorf("alice re-applying: stderr %q, want it to contain %q", errOut, want)
	}
}
