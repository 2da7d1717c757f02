package integration

import (
	"context"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// batchWarnings records the warnings a server sends.
type batchWarnings struct {
	mu   sync.Mutex
	seen []string
}

func (w *batchWarnings) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = append(w.seen, text)
}

func (w *batchWarnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	seen := w.seen
	w.seen = nil
	return seen
}

// TestBatchJobDeleteWarnsOfOrphans checks that a batch/v1 delete naming no propagation policy is
// told that the job's pods stay, and one that names a policy is not.
func TestBatchJobDeleteWarnsOfOrphans(t *testing.T) {
	warnings := &batchWarnings{}
	config := rest.CopyConfig(server.ClientConfig)
	config.WarningHandler = warnings
	client := kubernetes.NewForConfigOrDie(config)
	createNamespace(t, client, "batch-delete")
	jobs := client.BatchV1().Jobs("batch-delete")
	ctx := context.Background()
	for _, name := range []string{"a", "b"} {
		if _, err := jobs.Create(ctx, batchJob(name), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	warnings.take()

	if err := jobs.Delete(ctx, "a", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	const want = "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning"
	if got := warnings.take(); len(got) != 1 || got[0] != want {
		t.Errorf("warnings = %q, want %q", got, want)
	}
	if err := jobs.Delete(ctx, "b", metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground)}); err != nil {
		t.Fatal(err)
	}
	if got := warnings.take(); len(got) != 0 {
		t.Errorf("warnings = %q, want none when the policy is named", got)
	}
}
