package e2e

import (
	"context"
	"strings"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kapi-dev/kapi/pkg/testserver/fakekubelet"
)

// standInKubelet reports every pod of ns Running and Ready as soon as it appears, until the test
// ends, as the kubelet of a node that starts everything at once would.
func standInKubelet(t *testing.T, ns string) {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", shared.kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done, err := fakekubelet.ReadyEveryPod(ctx, kubernetes.NewForConfigOrDie(config), ns, func(pod string, err error) {
		t.Logf("reporting pod %s ready: %v", pod, err)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// lastLine is the last line kubectl printed.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestRolloutWorkflow rolls a deployment out, to a new image and back, with the kubectl rollout
// commands, while a stand-in kubelet reports its pods ready.
func TestRolloutWorkflow(t *testing.T) {
	const ns = "rollout-e2e"
	createNamespace(t, ns)
	defer kubectl(t, "delete", "namespace", ns, "--wait=false")
	standInKubelet(t, ns)

	if out := kubectl(t, "create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "-n", ns); out != "deployment.apps/web created\n" {
		t.Fatalf("kubectl create deployment printed %q", out)
	}
	status := kubectl(t, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")
	if got := lastLine(status); got != `deployment "web" successfully rolled out` {
		t.Errorf("kubectl rollout status ended with %q:\n%s", got, status)
	}
	tb := parseTable(t, kubectl(t, "get", "deployment", "web", "-n", ns))
	wantCells(t, tb.row(t, "web"), map[string]string{"READY": "2/2", "UP-TO-DATE": "2", "AVAILABLE": "2"})

	if out := kubectl(t, "set", "image", "deployment/web", "nginx=nginx:1.28", "-n", ns); out != "deployment.apps/web image updated\n" {
		t.Errorf("kubectl set image printed %q", out)
	}
	status = kubectl(t, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")
	if got := lastLine(status); got != `deployment "web" successfully rolled out` {
		t.Errorf("kubectl rollout status after set image ended with %q:\n%s", got, status)
	}
	history := kubectl(t, "rollout", "history", "deployment/web", "-n", ns)
	if want := "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"; history != want {
		t.Errorf("kubectl rollout history printed %q, want %q", history, want)
	}
	if out := kubectl(t, "rollout", "history", "deployment/web", "-n", ns, "--revision=1", "-o", "jsonpath={.spec.template.spec.containers[0].image}"); out != "nginx:1.27" {
		t.Errorf("revision 1's image %q, want nginx:1.27", out)
	}

	if out := kubectl(t, "rollout", "undo", "deployment/web", "-n", ns); out != "deployment.apps/web rolled back\n" {
		t.Errorf("kubectl rollout undo printed %q", out)
	}
	status = kubectl(t, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")
	if got := lastLine(status); got != `deployment "web" successfully rolled out` {
		t.Errorf("kubectl rollout status after undo ended with %q:\n%s", got, status)
	}
	if out := kubectl(t, "get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"); out != "nginx:1.27 3" {
		t.Errorf("after undo: image and revision %q, want nginx:1.27 3", out)
	}
	history = kubectl(t, "rollout", "history", "deployment/web", "-n", ns)
	if want := "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"; history != want {
		t.Errorf("kubectl rollout history after undo printed %q, want %q", history, want)
	}
	rs := parseTable(t, kubectl(t, "get", "replicasets", "-n", ns, "-l", "app=web"))
	if len(rs.rows) != 2 {
		t.Errorf("replica sets %v, want the two revisions", rs.rows)
	}
}
