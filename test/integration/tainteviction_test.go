package integration

import (
	"context"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// TestTaintEviction taints a node NoExecute and watches which of its pods the taint eviction
// controller deletes.
func TestTaintEviction(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns, nodeName, taintKey = "taint-eviction", "taint-eviction-node", "example.com/evict"
	createNamespace(t, client, ns)
	if _, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: nodeName}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, nodeName, metav1.DeleteOptions{}) })

	tolerate := func(seconds *int64) []corev1.Toleration {
		return []corev1.Toleration{{Key: taintKey, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: seconds}}
	}
	for name, tolerations := range map[string][]corev1.Toleration{
		"intolerant":  nil,
		"for-a-while": tolerate(ptr[int64](2)),
		"forever":     tolerate(nil),
	} {
		pod := simplePod(name, "busybox")
		pod.Spec.NodeName = nodeName
		pod.Spec.Tolerations = tolerations
		// The finalizer keeps the deleted pod readable, with the condition it got.
		pod.Finalizers = []string{"example.com/keep"}
		if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { releasePod(client, ns, name) })
	}

	patch := []byte(`{"spec":{"taints":[{"key":"` + taintKey + `","effect":"NoExecute"}]}}`)
	if _, err := client.CoreV1().Nodes().Patch(ctx, nodeName, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"intolerant", "for-a-while"} {
		pod := waitForDeletion(t, client, ns, name)
		i := slices.IndexFunc(pod.Status.Conditions, func(c corev1.PodCondition) bool { return c.Type == corev1.DisruptionTarget })
		if i < 0 {
			t.Errorf("pod %s was deleted without a DisruptionTarget condition: %+v", name, pod.Status.Conditions)
			continue
		}
		if c := pod.Status.Conditions[i]; c.Status != corev1.ConditionTrue || c.Reason != "DeletionByTaintManager" || c.Message != "Taint manager: deleting due to NoExecute taint" {
			t.Errorf("pod %s DisruptionTarget = %+v, want True, DeletionByTaintManager", name, c)
		}
	}
	pod, err := client.CoreV1().Pods(ns).Get(ctx, "forever", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pod.DeletionTimestamp != nil {
		t.Errorf("the pod that tolerates the taint forever was deleted")
	}
}

// waitForDeletion polls until the pod has a deletion timestamp, and returns it.
func waitForDeletion(t *testing.T, client kubernetes.Interface, ns, name string) *corev1.Pod {
	t.Helper()
	var pod *corev1.Pod
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		var err error
		pod, err = client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return pod.DeletionTimestamp != nil, nil
	})
	if err != nil {
		t.Fatalf("pod %s was not deleted: %v", name, err)
	}
	return pod
}

// releasePod removes the pod's finalizers and deletes it.
func releasePod(client kubernetes.Interface, ns, name string) {
	ctx := context.Background()
	_, err := client.CoreV1().Pods(ns).Patch(ctx, name, types.MergePatchType, []byte(`{"metadata":{"finalizers":null}}`), metav1.PatchOptions{})
	if apierrors.IsNotFound(err) {
		return
	}
	_ = client.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{})
}
