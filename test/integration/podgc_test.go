package integration

import (
	"context"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
)

// TestPodGarbageCollector shows the pod garbage collector finishing what no kubelet will: a pod
// bound to a node that does not exist is marked Failed with a DisruptionTarget condition and deleted
// once the node has stayed missing for the quarantine, and a terminating pod that was never
// scheduled is marked Failed. It waits for the collector's own periods (20 s passes, 40 s
// quarantine), so it runs beside the package's other parallel tests.
func TestPodGarbageCollector(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "podgc"
	createNamespace(t, client, ns)
	pods := client.CoreV1().Pods(ns)

	held := simplePod("unscheduled", "nginx")
	held.Finalizers = []string{"kapi.dev/hold"}
	if _, err := pods.Create(ctx, held, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = pods.Patch(ctx, "unscheduled", types.JSONPatchType, []byte(`[{"op":"remove","path":"/metadata/finalizers"}]`), metav1.PatchOptions{})
	})
	if err := pods.Delete(ctx, "unscheduled", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}

	orphan := simplePod("orphan", "nginx")
	orphan.Spec.NodeName = "podgc-no-such-node"
	orphan, err := pods.Create(ctx, orphan, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := pods.Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=orphan", ResourceVersion: orphan.ResourceVersion})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	var failed *corev1.Pod
	timeout := time.After(2 * time.Minute)
	for deleted := false; !deleted; {
		select {
		case ev := <-w.ResultChan():
			switch ev.Type {
			case watch.Modified:
				if p := ev.Object.(*corev1.Pod); p.Status.Phase == corev1.PodFailed {
					failed = p
				}
			case watch.Deleted:
				deleted = true
			}
		case <-timeout:
			t.Fatal("the pod bound to a missing node was not collected within two minutes")
		}
	}
	if failed == nil {
		t.Fatal("the orphan was deleted without being marked Failed first")
	}
	found := false
	for _, c := range failed.Status.Conditions {
		if c.Type == corev1.DisruptionTarget && c.Status == corev1.ConditionTrue && c.Reason == "DeletionByPodGC" && c.Message == "PodGC: node no longer exists" {
			found = true
		}
	}
	if !found {
		t.Errorf("orphan conditions = %+v, want DisruptionTarget DeletionByPodGC", failed.Status.Conditions)
	}

	err = wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		p, err := pods.Get(ctx, "unscheduled", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return false, fmt.Errorf("the held pod is gone despite its finalizer")
		}
		return err == nil && p.Status.Phase == corev1.PodFailed, err
	})
	if err != nil {
		t.Fatalf("unscheduled terminating pod not marked Failed: %v", err)
	}
}
