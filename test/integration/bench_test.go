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

// BenchmarkStartToReady measures how long a fresh kapi (new data directory, PKI generation, embedded
// etcd) takes until /readyz is ok, and stopping it again.
func BenchmarkStartToReady(b *testing.B) {
	for b.Loop() {
		s, err := testserver.Start(context.Background(), testserver.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := s.Stop(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
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
