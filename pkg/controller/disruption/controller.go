// Package disruption keeps the status of every PodDisruptionBudget: how many of its pods are
// expected and healthy, how many are wanted healthy, and so how many disruptions are allowed, which
// the eviction subresource reads and spends, as kube-controller-manager's disruption-controller
// does. It also resets DisruptionTarget conditions that no deletion followed.
package disruption

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	policylisters "k8s.io/client-go/listers/policy/v1"
	"k8s.io/client-go/scale"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	pdbhelper "k8s.io/component-helpers/apps/poddisruptionbudget"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the component kube-controller-manager's disruption controller records events as.
const EventSource = "controllermanager"

// Controller computes PodDisruptionBudget status.
type Controller struct {
	client   kubernetes.Interface
	recorder record.EventRecorder
	clock    clock.Clock
	budgets  policylisters.PodDisruptionBudgetLister
	pods     corelisters.PodLister
	finders  *finders
	synced   []cache.InformerSynced
	// queue holds budgets to recompute; stale holds pods whose DisruptionTarget condition may
	// have to be reset.
	queue workqueue.TypedRateLimitingInterface[string]
	stale workqueue.TypedRateLimitingInterface[string]
	// staleTimeout is how long a DisruptionTarget condition may stand without a deletion.
	staleTimeout time.Duration
}

// New returns a controller that reads budgets, pods and workloads from factory, asks other
// controllers' scale through scales (resolving kinds with mapper), and writes through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, factory informers.SharedInformerFactory, mapper apimeta.RESTMapper, scales scale.ScalesGetter) (*Controller, error) {
	pods := factory.Core().V1().Pods()
	budgets := factory.Policy().V1().PodDisruptionBudgets()
	rcs := factory.Core().V1().ReplicationControllers()
	apps := factory.Apps().V1()
	c := &Controller{
		client:   client,
		recorder: recorder,
		clock:    clock.RealClock{},
		budgets:  budgets.Lister(),
		pods:     pods.Lister(),
		finders: &finders{
			replicationControllers: rcs.Lister(),
			replicaSets:            apps.ReplicaSets().Lister(),
			deployments:            apps.Deployments().Lister(),
			statefulSets:           apps.StatefulSets().Lister(),
			mapper:                 mapper,
			scales:                 scales,
			discovery:              client.Discovery(),
		},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "disruption"}),
		stale: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "stale_pod_disruption"}),
		staleTimeout: 2 * time.Minute,
	}
	for _, informer := range []cache.SharedIndexInformer{pods.Informer(), budgets.Informer(), rcs.Informer(),
		apps.ReplicaSets().Informer(), apps.Deployments().Informer(), apps.StatefulSets().Informer()} {
		c.synced = append(c.synced, informer.HasSynced)
	}
	if _, err := budgets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    worker.EnqueueKey(c.queue.Add),
		UpdateFunc: func(_, obj any) { worker.EnqueueKey(c.queue.Add)(obj) },
		DeleteFunc: worker.EnqueueKey(c.queue.Add),
	}); err != nil {
		return nil, err
	}
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.podChanged,
		UpdateFunc: func(_, obj any) { c.podChanged(obj) },
		DeleteFunc: c.podChanged,
	})
	return c, err
}

// podChanged queues the budget of a pod, and the pod itself when its DisruptionTarget condition
// may become stale.
func (c *Controller) podChanged(obj any) {
	p, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	if pdb := c.budgetOf(p); pdb != nil {
		worker.EnqueueKey(c.queue.Add)(pdb)
	}
	if _, isTombstone := obj.(cache.DeletedFinalStateUnknown); isTombstone || p.DeletionTimestamp != nil {
		return
	}
	if stale, after := c.staleDisruption(p); stale {
		worker.EnqueueKey(func(key string) { c.stale.AddAfter(key, after) })(p)
	}
}

// budgetOf returns the first budget that selects a pod; a pod should have only one, and is warned
// about when it has several.
func (c *Controller) budgetOf(p *corev1.Pod) *policyv1.PodDisruptionBudget {
	pdbs, err := c.budgets.GetPodPodDisruptionBudgets(p)
	if err != nil || len(pdbs) == 0 {
		return nil
	}
	if len(pdbs) > 1 {
		c.recorder.Eventf(p, corev1.EventTypeWarning, "MultiplePodDisruptionBudgets",
			"Pod %q/%q matches multiple PodDisruptionBudgets.  Chose %q arbitrarily.", p.Namespace, p.Name, pdbs[0].Name)
	}
	return pdbs[0]
}

// Run works with one worker on each queue, as kube-controller-manager does, until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	go worker.Loop{Name: "stale_pod_disruption", Queue: c.stale, Sync: c.resetStaleDisruption}.Run(ctx, 1, c.synced...)
	worker.Loop{Name: "disruption", Queue: c.queue, Sync: c.sync}.Run(ctx, 1, c.synced...)
}

// sync recomputes one budget's status. A failure other than a conflict leaves the budget allowing
// no disruption, so that eviction fails closed.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	pdb, err := c.budgets.PodDisruptionBudgets(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	err = c.trySync(ctx, pdb)
	if err == nil || apierrors.IsConflict(err) {
		return err
	}
	klog.ErrorS(err, "Failed to sync PDB", "podDisruptionBudget", klog.KObj(pdb))
	failed := pdb.DeepCopy()
	failed.Status.DisruptionsAllowed = 0
	if failed.Status.Conditions == nil {
		failed.Status.Conditions = []metav1.Condition{}
	}
	apimeta.SetStatusCondition(&failed.Status.Conditions, metav1.Condition{
		Type:               policyv1.DisruptionAllowedCondition,
		Status:             metav1.ConditionFalse,
		Reason:             policyv1.SyncFailedReason,
		Message:            err.Error(),
		ObservedGeneration: failed.Status.ObservedGeneration,
	})
	return c.writeStatus(ctx, failed)
}

func (c *Controller) trySync(ctx context.Context, pdb *policyv1.PodDisruptionBudget) error {
	pods, err := c.selectedPods(pdb)
	if err != nil {
		c.recorder.Eventf(pdb, corev1.EventTypeWarning, "NoPods", "Failed to get pods: %v", err)
		return err
	}
	if len(pods) == 0 {
		c.recorder.Eventf(pdb, corev1.EventTypeNormal, "NoPods", "No matching pods found")
	}
	expected, desiredHealthy, unmanaged, err := desired(pdb, pods, func(pods []*corev1.Pod) (int32, []string, error) {
		return c.finders.expectedScale(ctx, pods)
	})
	if err != nil {
		c.recorder.Eventf(pdb, corev1.EventTypeWarning, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: %v", err)
		return err
	}
	if len(unmanaged) > 0 {
		klog.V(4).InfoS("Found unmanaged pods associated with this PDB", "podDisruptionBudget", klog.KObj(pdb), "pods", unmanaged)
		c.recorder.Event(pdb, corev1.EventTypeWarning, "UnmanagedPods", unmanagedMessage(pdb))
	}
	now := c.clock.Now()
	disrupted, recheck, expired := disruptedPods(pdb, pods, now)
	for _, p := range expired {
		c.recorder.Eventf(p, corev1.EventTypeWarning, "NotDeleted", "Pod was expected by PDB %s/%s to be deleted but it wasn't", pdb.Namespace, pdb.Namespace)
	}
	status := policyv1.PodDisruptionBudgetStatus{
		CurrentHealthy:     healthyPods(pods, disrupted, now),
		DesiredHealthy:     desiredHealthy,
		ExpectedPods:       expected,
		DisruptedPods:      disrupted,
		ObservedGeneration: pdb.Generation,
		Conditions:         pdb.Status.Conditions,
	}
	status.DisruptionsAllowed = disruptionsAllowed(status.CurrentHealthy, desiredHealthy, expected)
	if statusChanged(pdb, status) {
		updated := pdb.DeepCopy()
		updated.Status = *status.DeepCopy()
		pdbhelper.UpdateDisruptionAllowedCondition(updated)
		if err := c.writeStatus(ctx, updated); err != nil {
			return err
		}
	}
	// An eviction that does not happen in time gives its disruption back.
	if recheck != nil {
		worker.EnqueueKey(func(key string) { c.queue.AddAfter(key, recheck.Sub(now)) })(pdb)
	}
	return nil
}

// statusChanged tells whether the computed status differs from the budget's, conditions included.
func statusChanged(pdb *policyv1.PodDisruptionBudget, s policyv1.PodDisruptionBudgetStatus) bool {
	old := pdb.Status
	return old.CurrentHealthy != s.CurrentHealthy || old.DesiredHealthy != s.DesiredHealthy ||
		old.ExpectedPods != s.ExpectedPods || old.DisruptionsAllowed != s.DisruptionsAllowed ||
		!apiequality.Semantic.DeepEqual(old.DisruptedPods, s.DisruptedPods) ||
		old.ObservedGeneration != pdb.Generation || !pdbhelper.ConditionsAreUpToDate(pdb)
}

func (c *Controller) selectedPods(pdb *policyv1.PodDisruptionBudget) ([]*corev1.Pod, error) {
	selector, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
	if err != nil {
		return nil, err
	}
	return c.pods.Pods(pdb.Namespace).List(selector)
}

// writeStatus writes a budget's status once; a failure is retried by the queue with a fresh read.
func (c *Controller) writeStatus(ctx context.Context, pdb *policyv1.PodDisruptionBudget) error {
	_, err := c.client.PolicyV1().PodDisruptionBudgets(pdb.Namespace).UpdateStatus(ctx, pdb, metav1.UpdateOptions{})
	return err
}
