// Package podgc force-deletes the pods no kubelet will ever finish, as kube-controller-manager's pod
// garbage collector does: terminated pods beyond --terminated-pod-gc-threshold (oldest first),
// terminating pods that were never scheduled, pods bound to nodes that no longer exist, and
// terminating pods on not-ready nodes with the node.kubernetes.io/out-of-service taint.
package podgc

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

// controllerName is kube-controller-manager's name for the collector, in its logs.
const controllerName = "pod-garbage-collector-controller"

// Upstream's timings, which kube-controller-manager has no flags for.
const (
	// checkPeriod is how often the collector looks at every pod.
	checkPeriod = 20 * time.Second
	// quarantine is how long a node missing from the informer must stay missing, and then be
	// confirmed gone by the API, before its pods count as orphans.
	quarantine = 40 * time.Second
)

// Controller collects pods as kube-controller-manager's pod garbage collector does.
type Controller struct {
	client      kubernetes.Interface
	pods        corelisters.PodLister
	nodes       corelisters.NodeLister
	synced      []cache.InformerSynced
	missing     workqueue.TypedDelayingInterface[string]
	threshold   int
	checkPeriod time.Duration
	quarantine  time.Duration
}

// New returns a collector reading pods and nodes from the informers, deleting through client, and
// keeping at most threshold terminated pods (none are collected for being terminated when threshold
// is not positive).
func New(client kubernetes.Interface, pods coreinformers.PodInformer, nodes coreinformers.NodeInformer, threshold int) *Controller {
	return &Controller{
		client:      client,
		pods:        pods.Lister(),
		nodes:       nodes.Lister(),
		synced:      []cache.InformerSynced{pods.Informer().HasSynced, nodes.Informer().HasSynced},
		missing:     workqueue.NewTypedDelayingQueueWithConfig(workqueue.TypedDelayingQueueConfig[string]{Name: "orphaned_pods_nodes"}),
		threshold:   threshold,
		checkPeriod: checkPeriod,
		quarantine:  quarantine,
	}
}

// Run collects every check period until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	logger := klog.FromContext(ctx)
	defer c.missing.ShutDown()
	logger.Info("Starting controller", "controller", controllerName)
	defer logger.Info("Shutting down controller", "controller", controllerName)
	if !cache.WaitForNamedCacheSync(controllerName, ctx.Done(), c.synced...) {
		return
	}
	wait.UntilWithContext(ctx, c.collect, c.checkPeriod)
}

// collect makes one pass over every pod.
func (c *Controller) collect(ctx context.Context) {
	pods, err := c.pods.List(labels.Everything())
	if err != nil {
		klog.FromContext(ctx).Error(err, "Error while listing all pods")
		return
	}
	nodes, err := c.nodes.List(labels.Everything())
	if err != nil {
		klog.FromContext(ctx).Error(err, "Error while listing all nodes")
		return
	}
	if c.threshold > 0 {
		c.deleteAll(ctx, overThreshold(pods, c.threshold), nil)
	}
	c.deleteAll(ctx, c.outOfService(pods), nil)
	c.deleteAll(ctx, c.orphans(ctx, pods, nodes), &corev1.PodCondition{
		Type:    corev1.DisruptionTarget,
		Status:  corev1.ConditionTrue,
		Reason:  "DeletionByPodGC",
		Message: "PodGC: node no longer exists",
	})
	c.deleteAll(ctx, unscheduledTerminating(pods), nil)
}

// overThreshold returns the terminated pods beyond the threshold: evicted ones first, then the
// oldest.
func overThreshold(pods []*corev1.Pod, threshold int) []*corev1.Pod {
	var terminated []*corev1.Pod
	for _, p := range pods {
		if p.Status.Phase != corev1.PodPending && p.Status.Phase != corev1.PodRunning && p.Status.Phase != corev1.PodUnknown {
			terminated = append(terminated, p)
		}
	}
	if len(terminated) <= threshold {
		return nil
	}
	sortForCollection(terminated)
	return terminated[:len(terminated)-threshold]
}

// outOfService returns the terminating pods on not-ready nodes an administrator marked out of
// service, whose kubelets will not come back to finish them.
func (c *Controller) outOfService(pods []*corev1.Pod) []*corev1.Pod {
	var found []*corev1.Pod
	for _, p := range pods {
		if p.DeletionTimestamp == nil || p.Spec.NodeName == "" {
			continue
		}
		node, err := c.nodes.Get(p.Spec.NodeName)
		if err != nil {
			continue
		}
		if !nodeReady(node) && slices.ContainsFunc(node.Spec.Taints, func(t corev1.Taint) bool { return t.Key == corev1.TaintNodeOutOfService }) {
			found = append(found, p)
		}
	}
	sortForCollection(found)
	return found
}

// orphans returns the pods bound to nodes confirmed gone: nodes the informer has not had for the
// quarantine, and the API then says do not exist.
func (c *Controller) orphans(ctx context.Context, pods []*corev1.Pod, nodes []*corev1.Node) []*corev1.Pod {
	existing := sets.New[string]()
	for _, n := range nodes {
		existing.Insert(n.Name)
	}
	for _, p := range pods {
		if p.Spec.NodeName != "" && !existing.Has(p.Spec.NodeName) {
			c.missing.AddAfter(p.Spec.NodeName, c.quarantine)
		}
	}
	gone := sets.New[string]()
	for c.missing.Len() > 0 {
		name, shutdown := c.missing.Get()
		if shutdown {
			return nil
		}
		if !existing.Has(name) {
			_, err := c.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
			switch {
			case apierrors.IsNotFound(err):
				gone.Insert(name)
			case err != nil:
				// The node is queued again on the next pass if its pods still name it.
				klog.FromContext(ctx).Error(err, "Error while getting node", "node", klog.KRef("", name))
			}
		}
		c.missing.Done(name)
	}
	var found []*corev1.Pod
	for _, p := range pods {
		if gone.Has(p.Spec.NodeName) {
			found = append(found, p)
		}
	}
	return found
}

// unscheduledTerminating returns the terminating pods no node was ever assigned to.
func unscheduledTerminating(pods []*corev1.Pod) []*corev1.Pod {
	var found []*corev1.Pod
	for _, p := range pods {
		if p.DeletionTimestamp != nil && p.Spec.NodeName == "" {
			found = append(found, p)
		}
	}
	return found
}

// deleteAll marks each pod Failed, with condition if given, and deletes it at once.
func (c *Controller) deleteAll(ctx context.Context, pods []*corev1.Pod, condition *corev1.PodCondition) {
	var wg sync.WaitGroup
	for _, p := range pods {
		wg.Go(func() {
			if err := c.failAndDelete(ctx, p, condition); err != nil && !apierrors.IsNotFound(err) {
				klog.FromContext(ctx).Error(err, "Failed to garbage collect pod", "pod", klog.KObj(p))
			}
		})
	}
	wg.Wait()
}

// failAndDelete moves a pod that has not finished to Failed first: without a kubelet nothing else
// would, and controllers counting failures read the phase.
func (c *Controller) failAndDelete(ctx context.Context, pod *corev1.Pod, condition *corev1.PodCondition) error {
	klog.FromContext(ctx).Info("PodGC is force deleting Pod", "pod", klog.KObj(pod))
	if pod.Status.Phase != corev1.PodSucceeded && pod.Status.Phase != corev1.PodFailed {
		failed := pod.DeepCopy()
		failed.Status.Phase = corev1.PodFailed
		if condition != nil {
			setCondition(&failed.Status, *condition)
		}
		if _, err := c.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, failed, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	return c.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{GracePeriodSeconds: ptr.To[int64](0)})
}

// setCondition adds or replaces the condition of its type, keeping the transition time when the
// status does not change.
func setCondition(status *corev1.PodStatus, condition corev1.PodCondition) {
	condition.LastTransitionTime = metav1.Now()
	for i, existing := range status.Conditions {
		if existing.Type != condition.Type {
			continue
		}
		if existing.Status == condition.Status {
			condition.LastTransitionTime = existing.LastTransitionTime
		}
		status.Conditions[i] = condition
		return
	}
	status.Conditions = append(status.Conditions, condition)
}

// sortForCollection orders pods as upstream collects them: evicted ones first, then by creation,
// then by name.
func sortForCollection(pods []*corev1.Pod) {
	slices.SortFunc(pods, func(a, b *corev1.Pod) int {
		if ea, eb := evicted(a), evicted(b); ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Compare(b.CreationTimestamp.Time)
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// evicted reports a pod the kubelet failed for node pressure.
func evicted(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodFailed && p.Status.Reason == "Evicted"
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
