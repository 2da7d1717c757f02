package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	certutil "k8s.io/client-go/util/cert"
)

// kwokStages are the lifecycle stages of kwok's "fast" set, read from the kwok module that
// hack/tools/kwok builds: nodes become Ready and keep their Lease, pods run, complete and go.
var kwokStages = []string{
	"kustomize/stage/node/fast/node-initialize.yaml",
	"kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
	"kustomize/stage/pod/fast/pod-ready.yaml",
	"kustomize/stage/pod/fast/pod-complete.yaml",
	"kustomize/stage/pod/fast/pod-delete.yaml",
}

// kwokRules are kwok's fake kubelet answers: every container's log is logsFile, exec runs the
// command on this host, and port-forwarding goes to forwardPort on 127.0.0.1.
const kwokRules = `
---
kind: ClusterLogs
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: logs
spec:
  logs:
  - logsFile: %s
    follow: true
---
kind: ClusterExec
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: exec
spec:
  execs:
  - local: {}
---
kind: ClusterPortForward
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: port-forward
spec:
  forwards:
  - target:
      port: %d
      address: 127.0.0.1
`

// startKwok runs kwok ($KWOK_BIN) as the kubelet of every node of s, serving its kubelet API on
// 127.0.0.1 with a certificate of its own, stopped when the test ends.
func startKwok(t *testing.T, s *server, logsFile string, forwardPort int) {
	t.Helper()
	bin := kwokBinary(t)
	dir := t.TempDir()
	config := fmt.Sprintf(kwokRules, logsFile, forwardPort)
	moduleDir := kwokModuleDir(t)
	for _, stage := range kwokStages {
		b, err := os.ReadFile(filepath.Join(moduleDir, stage))
		if err != nil {
			t.Fatal(err)
		}
		config += "\n---\n" + string(b)
	}
	configPath := filepath.Join(dir, "kwok.yaml")
	certPEM, keyPEM, err := certutil.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.IPv4(127, 0, 0, 1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := filepath.Join(dir, "kubelet.crt"), filepath.Join(dir, "kubelet.key")
	for path, data := range map[string][]byte{configPath: []byte(config), certPath: certPEM, keyPath: keyPEM} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "kwok.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(bin, "--kubeconfig="+s.kubeconfig, "--config="+configPath, "--manage-all-nodes=true",
		"--server-address=127.0.0.1:"+strconv.Itoa(port), "--node-ip=127.0.0.1", "--node-port="+strconv.Itoa(port),
		"--tls-cert-file="+certPath, "--tls-private-key-file="+keyPath,
		// With Leases, as a kubelet keeps them, the node lifecycle controller never finds the nodes
		// silent and marks them Unknown, after which kwok would initialize them again.
		"--node-lease-duration-seconds=40")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() {
			_ = cmd.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			const max = 4000
			if len(b) > max {
				b = b[len(b)-max:]
			}
			t.Logf("kwok log (tail):\n%s", b)
		}
	})
}

// kwokBinary returns $KWOK_BIN, or builds bin/kwok with `make kwok` from kwok's Go module.
func kwokBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("KWOK_BIN"); bin != "" {
		return bin
	}
	cmd := exec.Command("make", "-C", repoRoot, "kwok")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make kwok: %v\n%s", err, out)
	}
	return filepath.Join(repoRoot, "bin", "kwok")
}

// kwokModuleDir is where the go command keeps the kwok module of hack/tools/kwok.
func kwokModuleDir(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kwok")
	cmd.Dir = filepath.Join(repoRoot, "hack", "tools", "kwok")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list sigs.k8s.io/kwok: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// nodesAndPods is 3 nodes and 200 pods spread over them, as kwok's users create them: the pods name
// their node, since nothing schedules them.
func nodesAndPods() string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
	for i := range 3 {
		fmt.Fprintf(&b, "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: kwok-node-%d\n    annotations:\n      kwok.x-k8s.io/node: fake\n", i)
	}
	for i := range 200 {
		fmt.Fprintf(&b, "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-%d\n    namespace: kwok\n  spec:\n    nodeName: kwok-node-%d\n    containers:\n    - name: app\n      image: busybox\n", i, i%3)
	}
	return b.String()
}

func TestKwokKubelet(t *testing.T) {
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	// kwok's nodes list their name as Hostname address, which does not resolve here; kube-apiserver
	// with kwok is told the same.
	s, err := startServer(kapiBin, dir, port, "--kubelet-preferred-address-types=InternalIP")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	logsFile := filepath.Join(dir, "container.log")
	logLines := "2026-01-02T03:04:05.000000000Z stdout F first line\n2026-01-02T03:04:06.000000000Z stdout F second line\n"
	if err := os.WriteFile(logsFile, []byte(logLines), 0o600); err != nil {
		t.Fatal(err)
	}
	forward := startForwardTarget(t)
	startKwok(t, s, logsFile, forward)

	s.kubectl(t, "create", "namespace", "kwok")
	// ServiceAccount admission refuses pods until the namespace's default service account exists.
	s.kubectlEventually(t, time.Minute, "get", "serviceaccount", "default", "-n", "kwok")
	start := time.Now()
	s.kubectlIn(t, nodesAndPods(), "create", "-f", "-")
	// Each wait fits in one kubectl run; kwok's client, at client-go's default rate, may need several.
	s.kubectlEventually(t, 3*time.Minute, "wait", "--for=condition=Ready", "node", "--all", "--timeout=50s")
	t.Logf("3 nodes Ready %v after creation", time.Since(start))
	s.kubectlEventually(t, 5*time.Minute, "wait", "--for=condition=Ready", "pod", "--all", "-n", "kwok", "--timeout=50s")
	t.Logf("200 pods Running %v after creation", time.Since(start))
	if out := s.kubectl(t, "get", "pods", "-n", "kwok", "--field-selector=status.phase=Running", "-o", "name"); strings.Count(out, "pod/") != 200 {
		t.Errorf("running pods:\n%s", out)
	}

	t.Run("logs", func(t *testing.T) {
		if out := s.kubectl(t, "logs", "-n", "kwok", "pod-0"); out != "first line\nsecond line\n" {
			t.Errorf("kubectl logs: %q", out)
		}
		if out := s.kubectl(t, "logs", "-n", "kwok", "pod-1", "--tail=1", "--timestamps"); out != "2026-01-02T03:04:06.000000000Z second line\n" {
			t.Errorf("kubectl logs --tail=1 --timestamps: %q", out)
		}
		msg := s.kubectlFails(t, "logs", "-n", "kwok", "pod-0", "-c", "nope")
		if !strings.Contains(msg, "container nope is not valid for pod pod-0") {
			t.Errorf("logs of an unknown container: %s", msg)
		}
	})

	t.Run("logs -f", func(t *testing.T) {
		lines := startKubectl(t, s, "logs", "-f", "-n", "kwok", "pod-2")
		for _, want := range []string{"first line\n", "second line\n"} {
			if got, err := lines.ReadString('\n'); got != want {
				t.Fatalf("followed log: %q, %v; want %q", got, err, want)
			}
		}
		f, err := os.OpenFile(logsFile, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.WriteString("2026-01-02T03:04:07.000000000Z stdout F third line\n")
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			t.Fatal(err)
		}
		if got, err := lines.ReadString('\n'); got != "third line\n" {
			t.Errorf("followed log after an append: %q, %v", got, err)
		}
	})

	t.Run("exec", func(t *testing.T) {
		// kwok runs the command on this host; one that reads a line shows stdin reaching it.
		if out := s.kubectlIn(t, "hello from stdin\n", "exec", "-i", "-n", "kwok", "pod-0", "--", "sh", "-c", "read line; echo \"got: $line\""); out != "got: hello from stdin\n" {
			t.Errorf("kubectl exec -i: %q", out)
		}
		if out := s.kubectlEnv(t, []string{"KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false"}, "", "exec", "-n", "kwok", "pod-1", "--", "echo", "over SPDY"); out != "over SPDY\n" {
			t.Errorf("kubectl exec over SPDY: %q", out)
		}
		msg := s.kubectlFails(t, "exec", "-n", "kwok", "pod-1", "-c", "nope", "--", "true")
		if !strings.Contains(msg, "container nope is not valid for pod pod-1") {
			t.Errorf("exec in an unknown container: %s", msg)
		}
	})

	t.Run("port-forward", func(t *testing.T) {
		local, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		if line, err := startKubectl(t, s, "port-forward", "-n", "kwok", "pod/pod-0", strconv.Itoa(local)+":80").ReadString('\n'); !strings.Contains(line, "Forwarding from 127.0.0.1:"+strconv.Itoa(local)) {
			t.Fatalf("kubectl port-forward printed %q, %v", line, err)
		}
		resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(local) + "/through-kwok")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || string(body) != "forwarded GET /through-kwok" {
			t.Errorf("through the forwarded port: %q, %v", body, err)
		}
	})
}

// startKubectl starts a kubectl that keeps running, such as logs -f or port-forward, and returns its
// stdout; the kubectl is killed when the test ends.
func startKubectl(t *testing.T, s *server, args ...string) *bufio.Reader {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cmd := s.command(ctx, nil, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	return bufio.NewReader(stdout)
}

// startForwardTarget serves HTTP on 127.0.0.1 for port-forwarding to reach, and returns its port.
func startForwardTarget(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		fmt.Fprintf(w, "forwarded %s %s", req.Method, req.URL.Path)
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}
