package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// crashCyclesEnv overrides how many kill -9 cycles TestCrashDurability runs; `make chaos` asks for
// 20 and prints the figures.
const crashCyclesEnv = "KAPI_CRASH_CYCLES"

// crashWriters is how many clients write while kapi is killed.
const crashWriters = 8

// publishLoop is the message the embedded etcd repeats while a crashed member replays its log.
const publishLoop = "failed to publish local member to cluster through raft"

// TestCrashDurability writes ConfigMaps from several clients to a kapi binary with fsync on, kills it
// with SIGKILL at a random moment, restarts it on the same data dir, and checks that every create
// kapi acknowledged is there. It logs the restart times and acknowledged counts.
func TestCrashDurability(t *testing.T) {
	cycles := 3
	if v := os.Getenv(crashCyclesEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", crashCyclesEnv, v)
		}
		cycles = n
	}
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s, err := startServer(kapiBin, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.stop() })
	s.kubectl(t, "create", "namespace", "crash")

	acked := map[string]bool{}
	var restarts []time.Duration
	for cycle := range cycles {
		for _, name := range writeUntilKilled(t, s, cycle, time.Duration(300+rand.IntN(1200))*time.Millisecond) {
			acked[name] = true
		}
		start := time.Now()
		if s, err = startServer(kapiBin, dir, port); err != nil {
			t.Fatalf("cycle %d: restart after kill -9: %v", cycle, err)
		}
		restarts = append(restarts, time.Since(start))
		stored := storedConfigMaps(t, s)
		var lost []string
		for name := range acked {
			if !stored[name] {
				lost = append(lost, name)
			}
		}
		if len(lost) > 0 {
			sort.Strings(lost)
			t.Fatalf("cycle %d: %d of %d acknowledged creates are gone after kill -9, e.g. %v", cycle, len(lost), len(acked), lost[:min(5, len(lost))])
		}
	}
	if err := s.stop(); err != nil {
		t.Error(err)
	}
	log, err := os.ReadFile(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	// Folded, the loop writes its first line and one line with the count per restart at most.
	if n := strings.Count(string(log), publishLoop); n > 2*cycles {
		t.Errorf("the log holds %d lines of %q over %d restarts, want them folded into at most 2 a restart", n, publishLoop, cycles)
	}
	sort.Slice(restarts, func(i, j int) bool { return restarts[i] < restarts[j] })
	t.Logf("%d kill -9 cycles, %d acknowledged creates, none lost; restart to /readyz: median %v, worst %v",
		cycles, len(acked), restarts[len(restarts)/2].Round(time.Millisecond), restarts[len(restarts)-1].Round(time.Millisecond))
}

// writeUntilKilled creates ConfigMaps from crashWriters clients, kills s with SIGKILL after
// runFor, and returns the names whose create was acknowledged.
func writeUntilKilled(t *testing.T, s *server, cycle int, runFor time.Duration) []string {
	t.Helper()
	client := clientFor(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	for w := range crashWriters {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("c%d-w%d-%d", cycle, w, i)
				cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"cycle": strconv.Itoa(cycle)}}
				if _, err := client.CoreV1().ConfigMaps("crash").Create(ctx, cm, metav1.CreateOptions{}); err != nil {
					return
				}
				mu.Lock()
				acked = append(acked, name)
				mu.Unlock()
			}
		})
	}
	time.Sleep(runFor)
	s.kill(t)
	cancel()
	wg.Wait()
	if len(acked) == 0 {
		t.Fatalf("cycle %d: no create was acknowledged in %v", cycle, runFor)
	}
	return acked
}

// storedConfigMaps returns the names of the ConfigMaps in the crash namespace.
func storedConfigMaps(t *testing.T, s *server) map[string]bool {
	t.Helper()
	list, err := clientFor(t, s).CoreV1().ConfigMaps("crash").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, cm := range list.Items {
		names[cm.Name] = true
	}
	return names
}

func clientFor(t *testing.T, s *server) kubernetes.Interface {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", s.kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	config.QPS, config.Burst = -1, -1
	return kubernetes.NewForConfigOrDie(config)
}
