package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const (
	// readyTimeout bounds a cold start: PKI generation, embedded etcd and post-start hooks.
	readyTimeout = 90 * time.Second
	// stopTimeout is how long kapi gets to shut down after SIGTERM before it is killed.
	stopTimeout = 30 * time.Second
	// kubectlTimeout bounds one kubectl invocation.
	kubectlTimeout = 60 * time.Second
)

// server is one kapi process started from the binary, with its data, log and kubectl cache in dir.
type server struct {
	dir        string
	port       int
	kubeconfig string
	cmd        *exec.Cmd
	logPath    string
	// exited is closed once the process has been waited for; waitErr is then its exit error.
	exited  chan struct{}
	waitErr error
	stopped bool
}

// freePort returns a loopback port nobody listened on a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// readmeHint is the line the README says kapi prints when it serves.
const readmeHint = "kapi is serving. To use it: export KUBECONFIG=.kapi/admin.kubeconfig"

// startServer starts kapi in dir as the README does, so that its data goes to dir/.kapi, on the given
// port with any extra flags, and waits until /readyz answers ok and kapi has printed how to use it.
// Starting again on the same dir and port restarts the same cluster.
func startServer(bin, dir string, port int, flags ...string) (*server, error) {
	s := &server{
		dir:        dir,
		port:       port,
		kubeconfig: filepath.Join(dir, ".kapi", "admin.kubeconfig"),
		logPath:    filepath.Join(dir, "kapi.log"),
		exited:     make(chan struct{}),
	}
	log, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	s.cmd = exec.Command(bin, append([]string{"--secure-port", strconv.Itoa(port)}, flags...)...)
	s.cmd.Dir = dir
	s.cmd.Stdout = log
	s.cmd.Stderr = log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(); err != nil {
		// The readiness error is the one to report; stopping only makes sure nothing is left running.
		_ = s.stop()
		return nil, fmt.Errorf("kapi did not become ready: %w\n%s", err, s.logTail())
	}
	if log, _ := os.ReadFile(s.logPath); !strings.Contains(string(log), readmeHint) {
		_ = s.stop()
		return nil, fmt.Errorf("kapi did not print %q:\n%s", readmeHint, s.logTail())
	}
	return s, nil
}

// waitReady polls /readyz with the admin kubeconfig's credentials, which exist only once kapi has
// generated its PKI.
func (s *server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("kapi exited: %v", s.waitErr)
		default:
		}
		if last = s.readyz(); last == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no ready /readyz within %v: %w", readyTimeout, last)
}

func (s *server) readyz() error {
	cfg, err := clientcmd.BuildConfigFromFlags("", s.kubeconfig)
	if err != nil {
		return err
	}
	client, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return err
	}
	client.Timeout = 5 * time.Second
	resp, err := client.Get(cfg.Host + "/readyz")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz: %s", resp.Status)
	}
	return nil
}

// stop sends SIGTERM to the kapi process and waits; an error means kapi did not shut down cleanly,
// which a user pressing Ctrl-C would see too.
func (s *server) stop() error {
	if s.stopped {
		return nil
	}
	s.stopped = true
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("SIGTERM to kapi (pid %d): %w", s.cmd.Process.Pid, err)
	}
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("kapi (pid %d) did not exit within %v of SIGTERM and was killed\n%s", s.cmd.Process.Pid, stopTimeout, s.logTail())
	}
	if s.waitErr != nil {
		return fmt.Errorf("kapi (pid %d) exited with %v after SIGTERM\n%s", s.cmd.Process.Pid, s.waitErr, s.logTail())
	}
	return nil
}

// kill sends SIGKILL to the kapi process, as a crash or the OOM killer would, and waits for it.
func (s *server) kill(t *testing.T) {
	t.Helper()
	s.stopped = true
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("SIGKILL to kapi (pid %d): %v", s.cmd.Process.Pid, err)
	}
	<-s.exited
}

// logTail is the end of kapi's log, for failure messages.
func (s *server) logTail() string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return "(no kapi log: " + err.Error() + ")"
	}
	const max = 4000
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return "--- kapi log (tail) ---\n" + string(b)
}

// env is the environment kubectl runs in: this server's kubeconfig, and a discovery cache of its own
// so that runs never see another cluster's cached API list.
func (s *server) env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KUBECONFIG=") && !strings.HasPrefix(kv, "KUBECACHEDIR=") {
			env = append(env, kv)
		}
	}
	env = append(env, "KUBECONFIG="+s.kubeconfig, "KUBECACHEDIR="+filepath.Join(s.dir, "kubectl-cache"))
	return append(env, extra...)
}

// command prepares kubectl in its own process group, so that cancelling ctx kills it together with
// anything it spawned (editors, a dispatched kubectl).
func (s *server) command(ctx context.Context, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "kubectl", args...)
	cmd.Env = s.env(extraEnv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// exec runs kubectl to completion.
func (s *server) exec(stdin string, extraEnv []string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), kubectlTimeout)
	defer cancel()
	cmd := s.command(ctx, extraEnv, args...)
	var out, errOut bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

func (s *server) kubectl(t *testing.T, args ...string) string {
	t.Helper()
	return s.kubectlEnv(t, nil, "", args...)
}

func (s *server) kubectlIn(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	return s.kubectlEnv(t, nil, stdin, args...)
}

// run runs kubectl, which must succeed, and returns what it printed on stdout and stderr.
func (s *server) run(t *testing.T, extraEnv []string, stdin string, args ...string) (stdout, stderr string) {
	t.Helper()
	out, errOut, err := s.exec(stdin, extraEnv, args...)
	if err != nil {
		t.Fatalf("kubectl %s: %v\nstderr:\n%s\nstdout:\n%s", strings.Join(args, " "), err, errOut, out)
	}
	return out, errOut
}

// kubectlEnv is kubectl with extra environment variables and stdin.
func (s *server) kubectlEnv(t *testing.T, extraEnv []string, stdin string, args ...string) string {
	t.Helper()
	out, _ := s.run(t, extraEnv, stdin, args...)
	return out
}

// kubectlStderr runs kubectl, which must succeed, and returns what it printed on stderr.
func (s *server) kubectlStderr(t *testing.T, args ...string) string {
	t.Helper()
	_, errOut := s.run(t, nil, "", args...)
	return errOut
}

// kubectlEventually retries kubectl until it succeeds, for what the server publishes asynchronously,
// and returns its stdout.
func (s *server) kubectlEventually(t *testing.T, timeout time.Duration, args ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out, errOut, err := s.exec("", nil, args...)
		if err == nil {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("kubectl %s still failing after %v: %v\nstderr:\n%s", strings.Join(args, " "), timeout, err, errOut)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func (s *server) kubectlFails(t *testing.T, args ...string) string {
	t.Helper()
	return s.kubectlInFails(t, "", args...)
}

func (s *server) kubectlInFails(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, errOut, err := s.exec(stdin, nil, args...)
	if err == nil {
		t.Fatalf("kubectl %s succeeded, want an error\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out, errOut)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("kubectl %s: %v", strings.Join(args, " "), err)
	}
	return errOut
}

// tokenKubeconfig writes a kubeconfig for s that authenticates with token alone, and returns its path:
// the admin kubeconfig's client certificate would otherwise be preferred.
func tokenKubeconfig(t *testing.T, s *server, token string) string {
	t.Helper()
	config, err := clientcmd.LoadFromFile(s.kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	config.AuthInfos = map[string]*clientcmdapi.AuthInfo{"token-user": {Token: token}}
	for _, c := range config.Contexts {
		c.AuthInfo = "token-user"
	}
	path := filepath.Join(t.TempDir(), "token.kubeconfig")
	if err := clientcmd.WriteToFile(*config, path); err != nil {
		t.Fatal(err)
	}
	return path
}
