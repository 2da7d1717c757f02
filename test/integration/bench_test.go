package integration

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// BenchmarkStartToReady starts a fresh in-process kapi with pkg/testserver (new data directory, PKI
// generation, embedded etcd) and stops it again, and reports the seconds until a client of its
// config has been answered (start-s) and the seconds Stop takes (stop-s).
func BenchmarkStartToReady(b *testing.B) {
	var started, stopped time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := testserver.Start(context.Background(), testserver.Options{})
		if err != nil {
			b.Fatal(err)
		}
		client := kubernetes.NewForConfigOrDie(s.ClientConfig)
		if _, err := client.CoreV1().Namespaces().List(context.Background(), metav1.ListOptions{}); err != nil {
			b.Fatal(err)
		}
		started += time.Since(start)
		start = time.Now()
		if err := s.Stop(); err != nil {
			b.Fatal(err)
		}
		stopped += time.Since(start)
	}
	b.ReportMetric(started.Seconds()/float64(b.N), "start-s")
	b.ReportMetric(stopped.Seconds()/float64(b.N), "stop-s")
}

// BenchmarkPodCreate measures creating one pod over protobuf on the shared server, without client
// rate limiting, through the whole admission chain. Besides the time per create it reports the CPU
// time the process (server and client) spends per create, cpu-ns/op, which is what the chain costs.
func BenchmarkPodCreate(b *testing.B) {
	c := rest.CopyConfig(server.ClientConfig)
	c.ContentType = "application/vnd.kubernetes.protobuf"
	c.QPS, c.Burst = -1, 0
	client := kubernetes.NewForConfigOrDie(c)
	ns := fmt.Sprintf("bench-%d", b.N)
	createNamespace(b, client, ns)
	pods := client.CoreV1().Pods(ns)
	i := 0
	startCPU := processCPU(b)
	for b.Loop() {
		i++
		if _, err := pods.Create(context.Background(), simplePod(fmt.Sprintf("p%d", i), "nginx"), metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU(b)-startCPU)/float64(b.N), "cpu-ns/op")
}

// processCPU is the user and system CPU time the test process has used so far.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}
