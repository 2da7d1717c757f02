package e2e

import (
	"strings"
	"testing"
)

func TestPolicyKubectlCreatePDB(t *testing.T) {
	createNamespace(t, "e2e-pdb")
	if out := kubectl(t, "create", "pdb", "web", "-n", "e2e-pdb", "--selector=app=web", "--min-available=1"); out != "poddisruptionbudget.policy/web created\n" {
		t.Fatalf("kubectl create pdb printed %q", out)
	}
	if out := kubectl(t, "create", "poddisruptionbudget", "api", "-n", "e2e-pdb", "--selector=app=api", "--max-unavailable=25%"); out != "poddisruptionbudget.policy/api created\n" {
		t.Fatalf("kubectl create poddisruptionbudget printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "pdb", "-n", "e2e-pdb"))
	tb.wantHeader(t, "NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE")
	wantCells(t, tb.row(t, "web"), map[string]string{"MIN AVAILABLE": "1", "MAX UNAVAILABLE": "N/A", "ALLOWED DISRUPTIONS": "0"})
	wantCells(t, tb.row(t, "api"), map[string]string{"MIN AVAILABLE": "N/A", "MAX UNAVAILABLE": "25%", "ALLOWED DISRUPTIONS": "0"})
	if policy := kubectl(t, "get", "pdb", "web", "-n", "e2e-pdb", "-o", "jsonpath={.spec.unhealthyPodEvictionPolicy}"); policy != "" {
		t.Errorf("unhealthyPodEvictionPolicy = %q, want it left unset as upstream does", policy)
	}
	out := kubectlFails(t, "create", "pdb", "too-many", "-n", "e2e-pdb", "--selector=app=web", "--max-unavailable=101%")
	if !strings.Contains(out, `PodDisruptionBudget.policy "too-many" is invalid: spec.maxUnavailable: Invalid value: "101%": must not be greater than 100%`) {
		t.Errorf("101%%: %s", out)
	}
}

func TestPolicyKubectlDrain(t *testing.T) {
	const ns = "e2e-drain"
	createNamespace(t, ns)
	if out := kubectl(t, "apply", "-n", ns, "-f", artifact("drain.yaml")); out != "node/drain-worker created\npod/web-0 created\npod/web-1 created\n" {
		t.Fatalf("kubectl apply printed %q", out)
	}
	t.Cleanup(func() { kubectl(t, "delete", "node", "drain-worker") })
	for _, pod := range []string{"web-0", "web-1"} {
		kubectl(t, "patch", "pod", pod, "-n", ns, "--subresource=status", "--type=merge",
			"-p", `{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}`)
	}

	// Without a budget every pod may go; a server dry run leaves everything in place.
	out := kubectl(t, "drain", "drain-worker", "--dry-run=server", "--force")
	for _, want := range []string{
		"node/drain-worker cordoned (server dry run)\n",
		"evicting pod " + ns + "/web-0 (server dry run)\n",
		"evicting pod " + ns + "/web-1 (server dry run)\n",
		"node/drain-worker drained (server dry run)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kubectl drain printed %q, want %q in it", out, want)
		}
	}
	if got := kubectl(t, "get", "pods", "-n", ns, "-o", "jsonpath={.items[*].metadata.name} {.items[*].metadata.deletionTimestamp}"); got != "web-0 web-1 " {
		t.Errorf("after a dry-run drain the pods are %q, want both untouched", got)
	}
	if got := kubectl(t, "get", "node", "drain-worker", "-o", "jsonpath={.spec.unschedulable}"); got != "" {
		t.Errorf("after a dry-run drain unschedulable = %q, want the node still schedulable", got)
	}

	// A budget that wants both pods available allows no disruption: once the disruption controller
	// has computed that, every eviction is refused until kubectl gives up.
	if out := kubectl(t, "apply", "-n", ns, "-f", artifact("poddisruptionbudget.yaml")); out != "poddisruptionbudget.policy/web created\n" {
		t.Fatalf("kubectl apply printed %q", out)
	}
	kubectl(t, "patch", "pdb", "web", "-n", ns, "--type=merge", "-p", `{"spec":{"minAvailable":2}}`)
	kubectl(t, "wait", "pdb/web", "-n", ns, "--for=jsonpath={.status.observedGeneration}=2", "--timeout=60s")
	if got := kubectl(t, "get", "pdb", "web", "-n", ns, "-o", "jsonpath={.status.currentHealthy} {.status.desiredHealthy} {.status.disruptionsAllowed}"); got != "2 2 0" {
		t.Errorf("budget status healthy, desired, allowed = %q, want 2 2 0", got)
	}
	errOut := kubectlFails(t, "drain", "drain-worker", "--dry-run=server", "--force", "--timeout=6s")
	for _, want := range []string{
		`error when evicting pods/"web-0" -n "` + ns + `" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
		`error: unable to drain node "drain-worker" due to error:`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("kubectl drain under the budget printed %q, want %q in it", errOut, want)
		}
	}
	if got := kubectl(t, "get", "pods", "-n", ns, "-o", "name"); got != "pod/web-0\npod/web-1\n" {
		t.Errorf("pods after the refused drain: %q", got)
	}
}
