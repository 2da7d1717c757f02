package integration

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

// fakeKubelet stands in for a node's kubelet: it posts the node's conditions and renews its Lease
// in kube-node-lease until stopped.
type fakeKubelet struct {
	client kubernetes.Interface
	name   string
	cancel context.CancelFunc
}

// startKubelet creates the node called name, posts its status with Ready ready, and renews its lease
// every second until the kubelet is stopped or the test ends.
func startKubelet(t *testing.T, client kubernetes.Interface, name string, ready corev1.ConditionStatus) *fakeKubelet {
	t.Helper()
	ctx := context.Background()
	if _, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, name, metav1.DeleteOptions{}) })
	k := &fakeKubelet{client: client, name: name}
	k.postStatus(t, ready)
	k.renew(t)
	return k
}

// postStatus posts the node's Ready condition as ready and its pressure conditions as False, with a
// fresh heartbeat.
func (k *fakeKubelet) postStatus(t *testing.T, ready corev1.ConditionStatus) {
	t.Helper()
	ctx := context.Background()
	// The lifecycle controller writes new nodes too (labels, taints), so the kubelet retries on
	// conflicts as a real one does.
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		node, err := k.client.CoreV1().Nodes().Get(ctx, k.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		now := metav1.Now()
		node.Status.Conditions = nil
		for _, c := range []struct {
			t      corev1.NodeConditionType
			status corev1.ConditionStatus
		}{{corev1.NodeReady, ready}, {corev1.NodeMemoryPressure, corev1.ConditionFalse}, {corev1.NodeDiskPressure, corev1.ConditionFalse}, {corev1.NodePIDPressure, corev1.ConditionFalse}} {
			node.Status.Conditions = append(node.Status.Conditions, corev1.NodeCondition{
				Type: c.t, Status: c.status, Reason: "KubeletReporting", LastHeartbeatTime: now, LastTransitionTime: now,
			})
		}
		_, err = k.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// renew renews the node's lease every second until stop.
func (k *fakeKubelet) renew(t *testing.T) {
	t.Helper()
	leases := k.client.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	ctx, cancel := context.WithCancel(context.Background())
	k.cancel = cancel
	t.Cleanup(cancel)
	lease, err := leases.Get(ctx, k.name, metav1.GetOptions{})
	if err != nil {
		lease, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: k.name},
			Spec:       coordinationv1.LeaseSpec{HolderIdentity: ptr(k.name), LeaseDurationSeconds: ptr[int32](40), RenewTime: &metav1.MicroTime{Time: time.Now()}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
	}
	go wait.UntilWithContext(ctx, func(ctx context.Context) {
		lease.Spec.RenewTime = &metav1.MicroTime{Time: time.Now()}
		if updated, err := leases.Update(ctx, lease, metav1.UpdateOptions{}); err == nil {
			lease = updated
		} else if current, err := leases.Get(ctx, k.name, metav1.GetOptions{}); err == nil {
			lease = current
		}
	}, time.Second)
}

// stop stops renewing the lease, as a kubelet that died would.
func (k *fakeKubelet) stop() { k.cancel() }

// waitForNode polls the node called name until ok accepts it.
func waitForNode(t *testing.T, client kubernetes.Interface, name, what string, ok func(*corev1.Node) bool) *corev1.Node {
	t.Helper()
	var last *corev1.Node
	err := wait.PollUntilContextTimeout(context.Background(), 200*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		node, err := client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		last = node
		return ok(node), nil
	})
	if err != nil {
		t.Fatalf("node %s: %s: %v; last seen: conditions %+v, taints %+v", name, what, err, last.Status.Conditions, last.Spec.Taints)
	}
	return last
}

// nodeCondition returns the condition of type ct of node, or nil.
func nodeCondition(node *corev1.Node, ct corev1.NodeConditionType) *corev1.NodeCondition {
	for i := range node.Status.Conditions {
		if node.Status.Conditions[i].Type == ct {
			return &node.Status.Conditions[i]
		}
	}
	return nil
}

// nodeTaint returns node's taint of key and effect, or nil.
func nodeTaint(node *corev1.Node, key string, effect corev1.TaintEffect) *corev1.Taint {
	i := slices.IndexFunc(node.Spec.Taints, func(t corev1.Taint) bool { return t.Key == key && t.Effect == effect })
	if i < 0 {
		return nil
	}
	return &node.Spec.Taints[i]
}

// hasBothTaints reports whether node has key as a NoSchedule and as a NoExecute taint.
func hasBothTaints(node *corev1.Node, key string) bool {
	return nodeTaint(node, key, corev1.TaintEffectNoSchedule) != nil && nodeTaint(node, key, corev1.TaintEffectNoExecute) != nil
}

// TestNodeLifecycle runs its own kapi with short grace periods and a fast eviction rate, and three
// healthy nodes, so that a few unhealthy ones leave the zone normal and are tainted.
func TestNodeLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--node-monitor-period=1s", "--node-monitor-grace-period=5s", "--node-startup-grace-period=5s", "--node-eviction-rate=10")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ctx := context.Background()
	for i := range 3 {
		startKubelet(t, client, fmt.Sprintf("healthy-%d", i), corev1.ConditionTrue)
	}

	t.Run("lease no longer renewed", func(t *testing.T) {
		k := startKubelet(t, client, "lost", corev1.ConditionTrue)
		pod := readyPodOn(t, client, "lost")
		k.stop()

		node := waitForNode(t, client, "lost", "unreachable taints", func(n *corev1.Node) bool { return hasBothTaints(n, corev1.TaintNodeUnreachable) })
		for _, ct := range []corev1.NodeConditionType{corev1.NodeReady, corev1.NodeMemoryPressure, corev1.NodeDiskPressure, corev1.NodePIDPressure} {
			c := nodeCondition(node, ct)
			if c == nil || c.Status != corev1.ConditionUnknown || c.Reason != "NodeStatusUnknown" || c.Message != "Kubelet stopped posting node status." {
				t.Errorf("%s condition = %+v, want Unknown, NodeStatusUnknown, \"Kubelet stopped posting node status.\"", ct, c)
			}
		}
		if taint := nodeTaint(node, corev1.TaintNodeUnreachable, corev1.TaintEffectNoExecute); taint.TimeAdded == nil {
			t.Errorf("NoExecute taint %+v has no timeAdded", taint)
		}
		err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
			p, err := client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			ready := slices.IndexFunc(p.Status.Conditions, func(c corev1.PodCondition) bool {
				return c.Type == corev1.PodReady && c.Status == corev1.ConditionFalse
			})
			return ready >= 0, nil
		})
		if err != nil {
			t.Errorf("pod on the lost node never became not ready: %v", err)
		}

		k.postStatus(t, corev1.ConditionTrue)
		k.renew(t)
		waitForNode(t, client, "lost", "no unreachable taints once it reports again", func(n *corev1.Node) bool {
			return nodeTaint(n, corev1.TaintNodeUnreachable, corev1.TaintEffectNoSchedule) == nil && nodeTaint(n, corev1.TaintNodeUnreachable, corev1.TaintEffectNoExecute) == nil
		})
	})

	t.Run("never reported", func(t *testing.T) {
		created, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "never"}}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, "never", metav1.DeleteOptions{}) })
		node := waitForNode(t, client, "never", "Unknown Ready condition", func(n *corev1.Node) bool { return nodeCondition(n, corev1.NodeReady) != nil })
		for _, ct := range []corev1.NodeConditionType{corev1.NodeReady, corev1.NodeMemoryPressure, corev1.NodeDiskPressure, corev1.NodePIDPressure} {
			c := nodeCondition(node, ct)
			if c == nil || c.Status != corev1.ConditionUnknown || c.Reason != "NodeStatusNeverUpdated" || c.Message != "Kubelet never posted node status." {
				t.Errorf("%s condition = %+v, want Unknown, NodeStatusNeverUpdated, \"Kubelet never posted node status.\"", ct, c)
				continue
			}
			if !c.LastHeartbeatTime.Equal(&created.CreationTimestamp) {
				t.Errorf("%s lastHeartbeatTime = %v, want the creation time %v", ct, c.LastHeartbeatTime, created.CreationTimestamp)
			}
		}
		waitForNode(t, client, "never", "unreachable taints", func(n *corev1.Node) bool { return hasBothTaints(n, corev1.TaintNodeUnreachable) })
	})

	t.Run("not ready", func(t *testing.T) {
		startKubelet(t, client, "not-ready", corev1.ConditionFalse)
		node := waitForNode(t, client, "not-ready", "not-ready taints", func(n *corev1.Node) bool { return hasBothTaints(n, corev1.TaintNodeNotReady) })
		if c := nodeCondition(node, corev1.NodeReady); c.Status != corev1.ConditionFalse || c.Reason != "KubeletReporting" {
			t.Errorf("Ready condition = %+v, want the kubelet's False", c)
		}
		if nodeTaint(node, corev1.TaintNodeUnreachable, corev1.TaintEffectNoExecute) != nil {
			t.Errorf("a reporting node that is not ready has the unreachable taint: %+v", node.Spec.Taints)
		}
	})

	t.Run("unschedulable", func(t *testing.T) {
		patch := []byte(`{"spec":{"unschedulable":true}}`)
		if _, err := client.CoreV1().Nodes().Patch(ctx, "healthy-0", "application/merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		waitForNode(t, client, "healthy-0", "unschedulable taint", func(n *corev1.Node) bool {
			return nodeTaint(n, corev1.TaintNodeUnschedulable, corev1.TaintEffectNoSchedule) != nil
		})
		patch = []byte(`{"spec":{"unschedulable":null}}`)
		if _, err := client.CoreV1().Nodes().Patch(ctx, "healthy-0", "application/merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		waitForNode(t, client, "healthy-0", "no unschedulable taint", func(n *corev1.Node) bool {
			return nodeTaint(n, corev1.TaintNodeUnschedulable, corev1.TaintEffectNoSchedule) == nil
		})
	})
}

// readyPodOn creates a pod bound to node whose status says it is ready, as its kubelet would post.
// It tolerates the unreachable taint, so that the taint eviction controller leaves it.
func readyPodOn(t *testing.T, client kubernetes.Interface, node string) *corev1.Pod {
	t.Helper()
	ctx := context.Background()
	pod := simplePod("on-"+node, "busybox")
	pod.Spec.NodeName = node
	pod.Spec.Tolerations = []corev1.Toleration{{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}}
	var created *corev1.Pod
	// The default ServiceAccount, which admission needs, may not exist yet on a fresh server.
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		var err error
		created, err = client.CoreV1().Pods(metav1.NamespaceDefault).Create(ctx, pod, metav1.CreateOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	now := metav1.Now()
	created.Status.Phase = corev1.PodRunning
	created.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: now}}
	created, err = client.CoreV1().Pods(metav1.NamespaceDefault).UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return created
}
