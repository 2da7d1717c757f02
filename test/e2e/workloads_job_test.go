package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestJobFromCronJobRuns shows that the Job kubectl makes from a CronJob's template runs: the job
// controller creates its pod, and once the pod is reported Succeeded (here by kubectl, standing in
// for a kubelet) the Job completes.
func TestJobFromCronJobRuns(t *testing.T) {
	const ns = "e2e-job-from-cronjob"
	createNamespace(t, ns)
	kubectl(t, "create", "cronjob", "nightly", "-n", ns, "--image=busybox:1.36", "--schedule=0 3 * * *", "--", "echo", "hi")
	if out := kubectl(t, "create", "job", "nightly-now", "-n", ns, "--from=cronjob/nightly"); out != "job.batch/nightly-now created\n" {
		t.Fatalf("kubectl create job --from printed %q", out)
	}
	pod := shared.kubectlEventually(t, time.Minute, "get", "pods", "-n", ns, "-l", "batch.kubernetes.io/job-name=nightly-now", "-o", "jsonpath={.items[0].metadata.name}")
	if !strings.HasPrefix(pod, "nightly-now-") {
		t.Fatalf("pod %q, want one named after the Job", pod)
	}
	kubectl(t, "patch", "pod", pod, "-n", ns, "--subresource=status", "--type=merge", "-p", `{"status":{"phase":"Succeeded"}}`)
	if out := kubectl(t, "wait", "job/nightly-now", "-n", ns, "--for=condition=Complete", "--timeout=60s"); out != "job.batch/nightly-now condition met\n" {
		t.Errorf("kubectl wait printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "job", "nightly-now", "-n", ns))
	wantCells(t, tb.row(t, "nightly-now"), map[string]string{"STATUS": "Complete", "COMPLETIONS": "1/1"})
}
