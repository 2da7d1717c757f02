package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
)

// electionFlags make a lost leader's lease expire within seconds rather than kube-controller-manager's
// 15 s.
var electionFlags = []string{"--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline=3s", "--leader-elect-retry-period=1s"}

// TestKilledLeaderHandsOverControllers runs two kapi processes on one etcd: only the one holding the
// controllers' lease runs the controllers; killed with SIGKILL, so that it cannot release the lease,
// the other takes it over once it expires and runs them.
func TestKilledLeaderHandsOverControllers(t *testing.T) {
	etcd, err := embeddedetcd.Start(context.Background(), embeddedetcd.Config{DataDir: t.TempDir(), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(etcd.Stop)
	start := func(advertise string) *server {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		flags := append([]string{"--etcd-servers=" + strings.Join(etcd.ClientURLs(), ","), "--advertise-address=" + advertise}, electionFlags...)
		s, err := startServer(kapiBin, t.TempDir(), port, flags...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.stop() })
		return s
	}
	holder := func(s *server) string {
		return s.kubectl(t, "get", "lease", "-n", "kube-system", "kapi-controller-manager", "-o", "jsonpath={.spec.holderIdentity}")
	}

	first := start("198.51.100.21")
	leader := first.kubectlEventually(t, 30*time.Second, "get", "lease", "-n", "kube-system", "kapi-controller-manager", "-o", "jsonpath={.spec.holderIdentity}")
	second := start("198.51.100.22")
	if !logContains(t, first, "Leading: starting the controllers") || logContains(t, second, "Leading: starting the controllers") {
		t.Fatalf("want the controllers in the first kapi only\nfirst:\n%s\nsecond:\n%s", first.logTail(), second.logTail())
	}

	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-first.exited
	first.stopped = true

	deadline := time.Now().Add(60 * time.Second)
	for holder(second) == leader {
		if time.Now().After(deadline) {
			t.Fatalf("the lease is still held by the killed kapi %s", leader)
		}
		time.Sleep(250 * time.Millisecond)
	}
	// The namespace controller's sibling, the service account controller, now runs in the second kapi.
	second.kubectl(t, "create", "namespace", "after-failover")
	second.kubectlEventually(t, 60*time.Second, "get", "serviceaccount", "default", "-n", "after-failover")
	if !logContains(t, second, "Leading: starting the controllers") {
		t.Errorf("the second kapi holds the lease but did not start the controllers:\n%s", second.logTail())
	}
}

func logContains(t *testing.T, s *server, text string) bool {
	t.Helper()
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), text)
}
