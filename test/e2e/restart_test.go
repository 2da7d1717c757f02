package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRestartPersistence stops a kapi of its own and starts it again on the same data dir and port:
// what was stored before must be served after, built-in and custom resources alike.
func TestRestartPersistence(t *testing.T) {
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	first, err := startServer(kapiBin, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = first.stop() })

	first.kubectl(t, "apply", "-f", artifact("namespace.yaml"))
	first.kubectl(t, "wait", "--for=create", "serviceaccount/default", "-n", "demo", "--timeout=60s")
	first.kubectl(t, "apply", "-f", artifact("pod.yaml"))
	first.kubectl(t, "apply", "-f", artifact("crd.yaml"))
	first.kubectl(t, "wait", "--for", "condition=established", "--timeout=60s", "crd/widgets.example.kapi.dev")
	first.kubectl(t, "apply", "-f", artifact("widget.yaml"))
	uid := first.kubectl(t, "get", "pod", "nginx", "-n", "demo", "-o", "jsonpath={.metadata.uid}")
	if uid == "" {
		t.Fatal("pod nginx has no uid")
	}
	// Kept aside to prove that the second start reuses the PKI rather than minting a new one.
	firstKubeconfig := filepath.Join(dir, "first.kubeconfig")
	b, err := os.ReadFile(first.kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(firstKubeconfig, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := first.stop(); err != nil {
		t.Fatalf("stopping kapi with SIGTERM: %v", err)
	}

	second, err := startServer(kapiBin, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = second.stop() })

	wantCells(t, parseTable(t, second.kubectl(t, "get", "ns", "demo")).row(t, "demo"), map[string]string{"STATUS": "Active"})
	wantCells(t, parseTable(t, second.kubectl(t, "get", "pods", "-n", "demo")).row(t, "nginx"), map[string]string{"STATUS": "Pending"})
	if got := second.kubectl(t, "get", "pod", "nginx", "-n", "demo", "-o", "jsonpath={.metadata.uid}"); got != uid {
		t.Errorf("pod uid = %q after restart, want %q", got, uid)
	}
	wantCells(t, parseTable(t, second.kubectl(t, "get", "widgets", "-n", "demo")).row(t, "sprocket"), map[string]string{"SIZE": "3", "COLOR": "green"})
	if out := second.kubectlEnv(t, []string{"KUBECONFIG=" + firstKubeconfig}, "", "get", "ns", "demo", "-o", "name"); out != "namespace/demo\n" {
		t.Errorf("kubectl with the first start's kubeconfig printed %q, want namespace/demo", out)
	}
	if err := second.stop(); err != nil {
		t.Errorf("stopping the restarted kapi with SIGTERM: %v", err)
	}
}
