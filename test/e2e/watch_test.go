package e2e

import (
	"bufio"
	"context"
	"strings"
	"testing"
	"time"
)

// watchTimeout bounds the whole `kubectl get -w` session.
const watchTimeout = 60 * time.Second

func TestWatchPods(t *testing.T) {
	const ns = "e2e-watch"
	createNamespace(t, ns)
	kubectl(t, "run", "before", "--image=nginx:1.27", "-n", ns)

	ctx, cancel := context.WithTimeout(context.Background(), watchTimeout)
	defer cancel()
	cmd := shared.command(ctx, nil, "get", "pods", "-n", ns, "-w")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	defer func() {
		cancel()
		// Wait may only run once the pipe has been read to its end.
		for range lines {
		}
		_ = cmd.Wait()
	}()
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	// next reads watch lines until one is the named pod in the given status; kubectl -w prints each
	// event as a row (NAME READY STATUS RESTARTS AGE), aligned per line rather than across lines.
	next := func(name, status string) {
		t.Helper()
		var seen []string
		timeout := time.After(30 * time.Second)
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatalf("kubectl get -w ended before %s was %s; printed %q, stderr %q", name, status, seen, stderr.String())
				}
				seen = append(seen, line)
				if f := strings.Fields(line); len(f) >= 3 && f[0] == name && f[2] == status {
					return
				}
			case <-timeout:
				t.Fatalf("kubectl get -w did not show %s %s within 30s; printed %q", name, status, seen)
			}
		}
	}

	// The initial list comes first, so once "before" shows the watch is established and what
	// follows can only come from watch events.
	next("before", "Pending")
	kubectl(t, "run", "during", "--image=nginx:1.27", "-n", ns)
	next("during", "Pending")
	kubectl(t, "patch", "pod", "during", "-n", ns, "--subresource=status", "--type=merge", "-p", `{"status":{"phase":"Running"}}`)
	next("during", "Running")
}
