package integration

import (
	"context"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

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

// BenchmarkPodCreate measures creating one pod over protobuf on the shared server.
func BenchmarkPodCreate(b *testing.B) {
	client := protobufClient(b)
	ns := fmt.Sprintf("bench-%d", b.N)
	createNamespace(b, client, ns)
	pods := client.CoreV1().Pods(ns)
	i := 0
	for b.Loop() {
		i++
		if _, err := pods.Create(context.Background(), simplePod(fmt.Sprintf("p%d", i), "nginx"), metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
