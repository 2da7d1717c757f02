package e2e

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// Read storm parameters, as issue 17 measured kapi: 2,000 pods listed by many clients at once.
const (
	stormPods     = 2000
	stormListers  = 200
	stormDuration = 15 * time.Second
	// stormRecovery is how long RSS may take to come back within twice its value before the storm.
	stormRecovery = 150 * time.Second
)

// rssBytes is the resident memory of process pid, from /proc.
func rssBytes(b *testing.B, pid int) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// BenchmarkReadStormRSS starts the kapi binary, creates 2,000 pods, waits for the server to count
// them, has 200 clients list them all for 15 seconds, and reports the resident memory before, at
// the peak and after the storm, how long it took to come back within twice the value before, and
// how many lists were answered each second.
func BenchmarkReadStormRSS(b *testing.B) {
	for b.Loop() {
		s := startBenchServer(b, b.TempDir(), benchPort(b))
		client := benchClient(b, s, protobuf)
		ctx := context.Background()
		createPods(b, client, "storm", stormPods)
		waitForPodCount(b, client, stormPods)
		pid := s.cmd.Process.Pid
		before := rssBytes(b, pid)

		var peak int64
		var lists atomic.Int64
		stormCtx, stop := context.WithTimeout(ctx, stormDuration)
		var wg sync.WaitGroup
		for range stormListers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for stormCtx.Err() == nil {
					if _, err := client.CoreV1().Pods("storm").List(stormCtx, metav1.ListOptions{}); err == nil {
						lists.Add(1)
					}
				}
			}()
		}
		for stormCtx.Err() == nil {
			peak = max(peak, rssBytes(b, pid))
			time.Sleep(200 * time.Millisecond)
		}
		wg.Wait()
		stop()

		ended := time.Now()
		after := rssBytes(b, pid)
		for after > 2*before && time.Since(ended) < stormRecovery {
			time.Sleep(2 * time.Second)
			after = rssBytes(b, pid)
		}
		b.ReportMetric(float64(before>>20), "rss-before-MB")
		b.ReportMetric(float64(peak>>20), "rss-peak-MB")
		b.ReportMetric(float64(after>>20), "rss-after-MB")
		b.ReportMetric(time.Since(ended).Seconds(), "recovery-s")
		b.ReportMetric(float64(lists.Load())/stormDuration.Seconds(), "lists/s")
		if err := s.stop(); err != nil {
			b.Fatal(err)
		}
	}
}

// waitForPodCount waits until the server's count of pods, which it takes once a minute and by which
// it estimates what a LIST costs, has reached n: the storm is meant to hit a collection that has
// been there a while, not one the server has yet to count.
func waitForPodCount(b *testing.B, client kubernetes.Interface, n int) {
	b.Helper()
	want := fmt.Sprintf(`apiserver_resource_objects{group="",resource="pods"} %d`, n)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		metrics, err := client.CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if strings.Contains(string(metrics), want+"\n") {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("the server did not count %d pods in 2 minutes", n)
		}
		time.Sleep(time.Second)
	}
}

// createPods creates namespace ns, waits for its default ServiceAccount, until which the
// ServiceAccount admission plugin holds creates back or refuses them, and creates n pods in it, 16
// at a time.
// It returns how long the pods took, so that benchmarks time the creates alone.
func createPods(b *testing.B, client kubernetes.Interface, ns string, n int) time.Duration {
	b.Helper()
	ctx := context.Background()
	if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		b.Fatalf("namespace %s has no default ServiceAccount after 30s", ns)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	next := make(chan int)
	start := time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pod := &corev1.Pod{
					ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pod-%d", i), Labels: map[string]string{"app": "storm"}},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "nginx"}}},
				}
				if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
					errs <- err
					// A failed worker takes the remaining indices off next, so that the loop feeding
					// it is not left blocked once every worker has failed.
					for range next {
					}
					return
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	took := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	return took
}
