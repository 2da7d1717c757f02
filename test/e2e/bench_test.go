package e2e

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// The sizes issue 16 gives for the figures that hack/benchtable tabulates after `make bench`.
const (
	// loadPods is how many pods the create, list and watch benchmarks put in a namespace.
	loadPods = 2000
	// listRounds is how many LISTs one iteration of a list benchmark times, for a median.
	listRounds = 25
	// startRounds is how many first starts and restarts one iteration of the start benchmark times,
	// for medians.
	startRounds = 5
	// loadWatchers is how many watches are open at once in the watch benchmarks.
	loadWatchers = 200
	// fanoutPatches is how often the watched pod is patched.
	fanoutPatches = 500
	// idleSettle is how long kapi runs after /readyz is ok before its idle memory is read: its
	// post-start work and the first informer resyncs are over by then.
	idleSettle = 5 * time.Second
	// watchSettle is how long the watches are open before the memory they hold is read.
	watchSettle = 3 * time.Second
	// fanoutTimeout bounds the wait for every watcher to see every patch.
	fanoutTimeout = 2 * time.Minute
)

const protobuf = "application/vnd.kubernetes.protobuf"

// contentTypes are the encodings the create and list figures are given for.
var contentTypes = []struct{ name, contentType string }{
	{"json", "application/json"},
	{"protobuf", protobuf},
}

// benchClient is a clientset of the admin kubeconfig of s speaking contentType, without client-side
// rate limiting (QPS -1), so that what a benchmark measures is the server.
func benchClient(b *testing.B, s *server, contentType string) kubernetes.Interface {
	b.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", s.kubeconfig)
	if err != nil {
		b.Fatal(err)
	}
	config.QPS, config.Burst = -1, 0
	config.ContentType = contentType
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		b.Fatal(err)
	}
	return client
}

// startBenchServer starts the kapi binary on dir and port, failing the benchmark if it does not
// become ready, and stops it when the benchmark ends unless it was stopped before.
func startBenchServer(b *testing.B, dir string, port int) *server {
	b.Helper()
	s, err := startServer(kapiBin, dir, port)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := s.stop(); err != nil {
			b.Error(err)
		}
	})
	return s
}

// benchPort is a free loopback port for a benchmark's server.
func benchPort(b *testing.B) int {
	b.Helper()
	port, err := freePort()
	if err != nil {
		b.Fatal(err)
	}
	return port
}

// BenchmarkStart starts the kapi binary as a user does, in a new directory, and reports the median
// of startRounds starts of the seconds until /readyz answers 200 with the admin kubeconfig kapi
// wrote, PKI generation included (ready-s); after a SIGTERM, the median seconds until a start on the
// same data is ready (restart-ready-s); and the resident memory, etcd included, of the first server
// once it has settled (rss-idle-MB).
func BenchmarkStart(b *testing.B) {
	var first, again []time.Duration
	var rss int64
	for b.Loop() {
		for round := range startRounds {
			dir, port := b.TempDir(), benchPort(b)
			start := time.Now()
			s := startBenchServer(b, dir, port)
			first = append(first, time.Since(start))
			if round == 0 {
				time.Sleep(idleSettle)
				rss += rssBytes(b, s.cmd.Process.Pid)
			}
			if err := s.stop(); err != nil {
				b.Fatal(err)
			}
			start = time.Now()
			s = startBenchServer(b, dir, port)
			again = append(again, time.Since(start))
			if err := s.stop(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(median(first).Seconds(), "ready-s")
	b.ReportMetric(median(again).Seconds(), "restart-ready-s")
	b.ReportMetric(float64(rss>>20)/float64(b.N), "rss-idle-MB")
}

// median is the middle of durations, which it sorts.
func median(durations []time.Duration) time.Duration {
	slices.Sort(durations)
	return durations[len(durations)/2]
}

// BenchmarkPodCreates has 16 client-go workers create 2,000 pods in a new namespace of the binary,
// through its default admission chain, over JSON and then over protobuf, and reports the creates
// per second.
func BenchmarkPodCreates(b *testing.B) {
	s := startBenchServer(b, b.TempDir(), benchPort(b))
	for _, ct := range contentTypes {
		b.Run(ct.name, func(b *testing.B) {
			client := benchClient(b, s, ct.contentType)
			var took time.Duration
			namespaces := 0
			for b.Loop() {
				namespaces++
				took += createPods(b, client, fmt.Sprintf("create-%s-%d", ct.name, namespaces), loadPods)
			}
			b.ReportMetric(float64(b.N*loadPods)/took.Seconds(), "creates/s")
		})
	}
}

// BenchmarkPods creates 2,000 pods in one namespace of the binary and then measures, in this order:
// the median client-go LIST of them over JSON and protobuf (list/json, list/protobuf: p50-ms); the
// resident memory while 200 watches of the namespace are open after a LIST (watch-rss: rss-MB);
// and the events per second that 200 protobuf watches of one pod receive in all while it is
// patched 500 times (patch-fanout: events/s).
func BenchmarkPods(b *testing.B) {
	const ns = "pods"
	s := startBenchServer(b, b.TempDir(), benchPort(b))
	createPods(b, benchClient(b, s, protobuf), ns, loadPods)
	for _, ct := range contentTypes {
		b.Run("list/"+ct.name, func(b *testing.B) {
			client := benchClient(b, s, ct.contentType)
			var lists []time.Duration
			for b.Loop() {
				for range listRounds {
					start := time.Now()
					list, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{})
					took := time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					if len(list.Items) != loadPods {
						b.Fatalf("listed %d pods, want %d", len(list.Items), loadPods)
					}
					lists = append(lists, took)
				}
			}
			b.ReportMetric(float64(median(lists).Microseconds())/1000, "p50-ms")
		})
	}
	b.Run("watch-rss", func(b *testing.B) {
		client := benchClient(b, s, protobuf)
		var rss int64
		for b.Loop() {
			rss += rssWatched(b, s, client, ns)
		}
		b.ReportMetric(float64(rss>>20)/float64(b.N), "rss-MB")
	})
	b.Run("patch-fanout", func(b *testing.B) {
		client := benchClient(b, s, protobuf)
		var took time.Duration
		for b.Loop() {
			took += patchFanout(b, client, ns, "pod-0")
		}
		b.ReportMetric(float64(b.N*loadWatchers*fanoutPatches)/took.Seconds(), "events/s")
	})
}

// rssWatched lists the pods of ns, opens 200 watches of them from the list's resource version, and
// returns kapi's resident memory once they have been open for a moment.
func rssWatched(b *testing.B, s *server, client kubernetes.Interface, ns string) int64 {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	list, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for range loadWatchers {
		w, err := client.CoreV1().Pods(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
		if err != nil {
			b.Fatal(err)
		}
		defer w.Stop()
	}
	time.Sleep(watchSettle)
	return rssBytes(b, s.cmd.Process.Pid)
}

// patchFanout opens 200 watches of pod name in ns, patches the pod 500 times one after the other,
// and returns the time from the first patch until every watcher has seen every patch.
func patchFanout(b *testing.B, client kubernetes.Interface, ns, name string) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fanoutTimeout)
	defer cancel()
	pods := client.CoreV1().Pods(ns)
	pod, err := pods.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	var short atomic.Int64
	for range loadWatchers {
		w, err := pods.Watch(ctx, metav1.ListOptions{
			FieldSelector:   "metadata.name=" + name,
			ResourceVersion: pod.ResourceVersion,
		})
		if err != nil {
			b.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.Stop()
			seen := 0
			for event := range w.ResultChan() {
				if event.Type == watch.Modified {
					if seen++; seen == fanoutPatches {
						return
					}
				}
			}
			// The watch ended early: the server closed it or fanoutTimeout passed.
			short.Add(1)
		}()
	}
	start := time.Now()
	for i := range fanoutPatches {
		patch := fmt.Sprintf(`{"metadata":{"annotations":{"bench.kapi.dev/patch":"%d"}}}`, i)
		if _, err := pods.Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	wg.Wait()
	took := time.Since(start)
	if n := short.Load(); n > 0 {
		b.Fatalf("%d of %d watchers did not see all %d patches", n, loadWatchers, fanoutPatches)
	}
	return took
}
