package envtest

import (
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// BenchmarkEnvtest starts and stops controller-runtime's envtest with kapi's assets and its default
// flags, and reports the seconds Start takes until it returns a usable config (start-s), and Stop
// until kapi and etcd have exited (stop-s).
func BenchmarkEnvtest(b *testing.B) {
	assets := kubebuilderAssets(b)
	var started, stopped time.Duration
	for b.Loop() {
		env := &envtest.Environment{BinaryAssetsDirectory: assets}
		start := time.Now()
		if _, err := env.Start(); err != nil {
			b.Fatalf("starting envtest: %v", err)
		}
		started += time.Since(start)
		start = time.Now()
		if err := env.Stop(); err != nil {
			b.Fatalf("stopping envtest: %v", err)
		}
		stopped += time.Since(start)
	}
	b.ReportMetric(started.Seconds()/float64(b.N), "start-s")
	b.ReportMetric(stopped.Seconds()/float64(b.N), "stop-s")
}
