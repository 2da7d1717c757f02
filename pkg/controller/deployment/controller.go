// Package deployment rolls Deployments out, as kube-controller-manager's deployment-controller
// does: each pod template gets a ReplicaSet named by its pod-template-hash, which the controller
// scales up while it scales the older ones down, within maxSurge and maxUnavailable (RollingUpdate)
// or after all old pods are gone (Recreate); it numbers revisions, keeps revisionHistoryLimit old
// ReplicaSets, honours pause, and reports progress against progressDeadlineSeconds in the
// Progressing and Available conditions.
package deployment

import (
	"context"
	"reflect"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	appsinformers "k8s.io/client-go/informers/apps/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/controller/internal/owners"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the component kube-controller-manager's deployment controller records events as.
const EventSource = "deployment-controller"

// maxRetries is how often a failing Deployment is retried before it waits for its next change.
const maxRetries = 15

var kind = appsv1.SchemeGroupVersion.WithKind("Deployment")

// Controller rolls Deployments out.
type Controller struct {
	client      kubernetes.Interface
	recorder    record.EventRecorder
	clock       clock.PassiveClock
	deployments appslisters.DeploymentLister
	// owners finds the Deployments a ReplicaSet concerns.
	owners      owners.Lookup[*appsv1.Deployment]
	replicaSets appslisters.ReplicaSetLister
	pods        corelisters.PodLister
	synced      []cache.InformerSynced
	queue       workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller that reads Deployments, their ReplicaSets and pods from the informers
// and writes through client, recording events with recorder.
func New(client kubernetes.Interface, recorder record.EventRecorder, deployments appsinformers.DeploymentInformer,
	replicaSets appsinformers.ReplicaSetInformer, pods coreinformers.PodInformer) (*Controller, error) {
	c := &Controller{
		client:      client,
		recorder:    recorder,
		clock:       clock.RealClock{},
		deployments: deployments.Lister(),
		owners: owners.Lookup[*appsv1.Deployment]{
			Kind: kind,
			Get: func(namespace, name string) (*appsv1.Deployment, error) {
				return deployments.Lister().Deployments(namespace).Get(name)
			},
			List: func(namespace string) ([]*appsv1.Deployment, error) {
				return deployments.Lister().Deployments(namespace).List(labels.Everything())
			},
			Selector: func(d *appsv1.Deployment) *metav1.LabelSelector { return d.Spec.Selector },
		},
		replicaSets: replicaSets.Lister(),
		pods:        pods.Lister(),
		synced:      []cache.InformerSynced{deployments.Informer().HasSynced, replicaSets.Informer().HasSynced, pods.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "deployment"}),
	}
	enqueue := worker.EnqueueKey(c.queue.Add)
	if _, err := deployments.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, cur any) { enqueue(cur) },
		DeleteFunc: enqueue,
	}); err != nil {
		return nil, err
	}
	if _, err := replicaSets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.addReplicaSet,
		UpdateFunc: c.updateReplicaSet,
		DeleteFunc: c.deleteReplicaSet,
	}); err != nil {
		return nil, err
	}
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{DeleteFunc: c.deletePod})
	return c, err
}

// Run works with workers goroutines until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "deployment", Queue: c.queue, Sync: c.sync, MaxRetries: maxRetries}.Run(ctx, workers, c.synced...)
}

func (c *Controller) enqueue(d *appsv1.Deployment) {
	c.queue.Add(d.Namespace + "/" + d.Name)
}

// resolve returns the Deployment ref names as controller, or nil.
func (c *Controller) resolve(namespace string, ref *metav1.OwnerReference) *appsv1.Deployment {
	d, _ := c.owners.Resolve(namespace, ref)
	return d
}

// selecting returns the Deployments whose selector matches an orphan ReplicaSet.
func (c *Controller) selecting(rs *appsv1.ReplicaSet) []*appsv1.Deployment {
	ds := c.owners.Selecting(rs)
	if len(ds) > 1 {
		utilruntime.HandleError(errMultipleDeployments(rs, ds))
	}
	return ds
}

func (c *Controller) addReplicaSet(obj any) {
	rs := obj.(*appsv1.ReplicaSet)
	if rs.DeletionTimestamp != nil {
		c.deleteReplicaSet(rs)
		return
	}
	if ref := metav1.GetControllerOf(rs); ref != nil {
		if d := c.resolve(rs.Namespace, ref); d != nil {
			c.enqueue(d)
		}
		return
	}
	for _, d := range c.selecting(rs) {
		c.enqueue(d)
	}
}

func (c *Controller) updateReplicaSet(old, cur any) {
	oldRS, curRS := old.(*appsv1.ReplicaSet), cur.(*appsv1.ReplicaSet)
	if oldRS.ResourceVersion == curRS.ResourceVersion {
		return
	}
	oldRef, curRef := metav1.GetControllerOf(oldRS), metav1.GetControllerOf(curRS)
	refChanged := !reflect.DeepEqual(oldRef, curRef)
	if refChanged && oldRef != nil {
		if d := c.resolve(oldRS.Namespace, oldRef); d != nil {
			c.enqueue(d)
		}
	}
	if curRef != nil {
		if d := c.resolve(curRS.Namespace, curRef); d != nil {
			c.enqueue(d)
		}
		return
	}
	if refChanged || !reflect.DeepEqual(oldRS.Labels, curRS.Labels) {
		for _, d := range c.selecting(curRS) {
			c.enqueue(d)
		}
	}
}

func (c *Controller) deleteReplicaSet(obj any) {
	rs, ok := worker.Unwrap[*appsv1.ReplicaSet](obj)
	if !ok {
		return
	}
	if ref := metav1.GetControllerOf(rs); ref != nil {
		if d := c.resolve(rs.Namespace, ref); d != nil {
			c.enqueue(d)
		}
	}
}

// deletePod wakes a Recreate Deployment once the last pod of its old ReplicaSets is gone, which
// is what it waits for before it creates the new pods.
func (c *Controller) deletePod(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	ref := metav1.GetControllerOf(pod)
	if ref == nil || ref.Kind != "ReplicaSet" {
		return
	}
	rs, err := c.replicaSets.ReplicaSets(pod.Namespace).Get(ref.Name)
	if err != nil || rs.UID != ref.UID {
		return
	}
	dref := metav1.GetControllerOf(rs)
	if dref == nil {
		return
	}
	d := c.resolve(rs.Namespace, dref)
	if d == nil || d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		return
	}
	rss, err := c.ownedReplicaSets(d)
	if err != nil {
		return
	}
	pods, err := c.podsByReplicaSet(d, rss)
	if err != nil {
		return
	}
	for _, ps := range pods {
		if len(ps) > 0 {
			return
		}
	}
	c.enqueue(d)
}

// ownedReplicaSets are the ReplicaSets d controls, from the informer, without claiming.
func (c *Controller) ownedReplicaSets(d *appsv1.Deployment) ([]*appsv1.ReplicaSet, error) {
	all, err := c.replicaSets.ReplicaSets(d.Namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	var owned []*appsv1.ReplicaSet
	for _, rs := range all {
		if metav1.IsControlledBy(rs, d) {
			owned = append(owned, rs)
		}
	}
	return owned, nil
}
