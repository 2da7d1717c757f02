package testserver

import (
	"context"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// TestStopLeavesNothingBehind starts and stops a server twice. The first round starts the
// process-wide singletons of the libraries (log flushing, metrics), which live as long as the process;
// after the second round every goroutine the server started must be gone, and its temporary data
// directory removed.
func TestStopLeavesNothingBehind(t *testing.T) {
	ctx := context.Background()
	startAndStop(ctx, t)
	baseline, _ := settledGoroutines(ctx, -1)

	dir := startAndStop(ctx, t)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data directory %s after Stop: %v, want it removed", dir, err)
	}
	if n, stacks := settledGoroutines(ctx, baseline); n > baseline {
		t.Errorf("%d goroutines after the second server stopped, %d after the first:\n%s", n, baseline, stacks)
	}
}

// startAndStop runs a server, checks that it serves, stops it and returns its data directory.
func startAndStop(ctx context.Context, t *testing.T) string {
	t.Helper()
	s, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	client, err := kubernetes.NewForConfig(s.ClientConfig)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().Namespaces().Get(ctx, "default", metav1.GetOptions{}); err != nil {
		t.Errorf("get namespace default: %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	return s.DataDir
}

// settledGoroutines waits until the number of goroutines is at most want (any number if want is
// negative) and has stopped changing, and returns it with every goroutine's stack.
func settledGoroutines(ctx context.Context, want int) (int, string) {
	n := runtime.NumGoroutine()
	_ = wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, false, func(context.Context) (bool, error) {
		previous := n
		n = runtime.NumGoroutine()
		return n == previous && (want < 0 || n <= want), nil
	})
	buf := make([]byte, 1<<22)
	return n, string(buf[:runtime.Stack(buf, true)])
}
