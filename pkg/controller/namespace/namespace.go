// Package namespace finalizes deleted namespaces: it deletes everything in a terminating namespace and
// then removes the `kubernetes` finalizer, so that the namespace goes away. kube-controller-manager's
// namespace controller does this next to kube-apiserver; kapi runs it in process.
package namespace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

// errContentRemaining asks for another pass once deleted objects had time to go away.
var errContentRemaining = errors.New("content remaining in the namespace")

// Controller empties and finalizes namespaces that are being deleted.
type Controller struct {
	client   kubernetes.Interface
	metadata metadata.Interface
	lister   corelisters.NamespaceLister
	synced   cache.InformerSynced
	queue    workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller acting through client and metadataClient on the namespaces informer sees.
// Create it before informer's factory starts.
func New(client kubernetes.Interface, metadataClient metadata.Interface, informer coreinformers.NamespaceInformer) (*Controller, error) {
	c := &Controller{
		client:   client,
		metadata: metadataClient,
		lister:   informer.Lister(),
		synced:   informer.Informer().HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.NewTypedItemExponentialFailureRateLimiter[string](100*time.Millisecond, 10*time.Second),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "namespace"}),
	}
	_, err := informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, obj any) { c.enqueue(obj) },
	})
	return c, err
}

func (c *Controller) enqueue(obj any) {
	ns, ok := obj.(*corev1.Namespace)
	if !ok || ns.DeletionTimestamp == nil {
		return
	}
	c.queue.Add(ns.Name)
}

// Run works the queue with workers goroutines until ctx is done.
func (c *Controller) Run(ctx context.Context, workers int) {
	defer utilruntime.HandleCrash()
	defer c.queue.ShutDown()
	if !cache.WaitForCacheSync(ctx.Done(), c.synced) {
		return
	}
	for range workers {
		go wait.UntilWithContext(ctx, c.work, time.Second)
	}
	<-ctx.Done()
}

func (c *Controller) work(ctx context.Context) {
	for {
		name, quit := c.queue.Get()
		if quit {
			return
		}
		err := c.sync(ctx, name)
		switch {
		case err == nil:
			c.queue.Forget(name)
		case errors.Is(err, errContentRemaining):
			c.queue.AddRateLimited(name)
		default:
			klog.ErrorS(err, "Deleting namespace content", "namespace", name)
			c.queue.AddRateLimited(name)
		}
		c.queue.Done(name)
	}
}

// sync makes one deletion pass over a terminating namespace, records its outcome in the namespace's
// conditions, and removes the kubernetes finalizer once nothing is left.
func (c *Controller) sync(ctx context.Context, name string) error {
	cached, err := c.lister.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if cached.DeletionTimestamp == nil || !slices.Contains(cached.Spec.Finalizers, corev1.FinalizerKubernetes) {
		return nil
	}
	ns := cached.DeepCopy()
	ns.Status.Phase = corev1.NamespaceTerminating

	p := c.deleteContent(ctx, name)
	if setConditions(&ns.Status, p.failures()) || cached.Status.Phase != ns.Status.Phase {
		if ns, err = c.client.CoreV1().Namespaces().UpdateStatus(ctx, ns, metav1.UpdateOptions{}); err != nil {
			if apierrors.IsNotFound(err) {
				return nil
			}
			return err
		}
	}
	if !p.done() {
		return errContentRemaining
	}
	ns.Spec.Finalizers = slices.DeleteFunc(ns.Spec.Finalizers, func(f corev1.FinalizerName) bool { return f == corev1.FinalizerKubernetes })
	_, err = c.client.CoreV1().Namespaces().Finalize(ctx, ns, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("finalizing: %w", err)
	}
	return nil
}
