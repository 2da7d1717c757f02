// Package pvprotection is kube-controller-manager's persistentvolume-protection-controller: a
// PersistentVolume being deleted keeps its kubernetes.io/pv-protection finalizer while it is bound,
// so that a claim never loses the volume it holds, and loses it once it is not.
package pvprotection

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/admission/storageobjectinuseprotection"
	"github.com/kapi-dev/kapi/pkg/controller/internal/protection"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Name is the controller's name in --controllers.
const Name = "persistentvolume-protection-controller"

// Controller keeps the protection finalizer of PersistentVolumes.
type Controller struct {
	client  kubernetes.Interface
	volumes corelisters.PersistentVolumeLister
	synced  cache.InformerSynced
	queue   workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller that reads volumes from the informer and writes through client.
func New(client kubernetes.Interface, volumes coreinformers.PersistentVolumeInformer) (*Controller, error) {
	c := &Controller{
		client:  client,
		volumes: volumes.Lister(),
		synced:  volumes.Informer().HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "pvprotection"}),
	}
	enqueue := worker.EnqueueKey(c.queue.Add)
	if _, err := volumes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works with the given number of workers until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "pvprotection", Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced)
}

func (c *Controller) sync(ctx context.Context, name string) error {
	pv, err := c.volumes.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	finalizers, change, err := protection.Change(pv, storageobjectinuseprotection.PVFinalizer, func() (bool, error) {
		// Only the binder sets the phase, and it sets Bound while a claim holds the volume.
		return pv.Status.Phase == corev1.VolumeBound, nil
	})
	if err != nil || !change {
		return err
	}
	pv = pv.DeepCopy()
	pv.Finalizers = finalizers
	_, err = c.client.CoreV1().PersistentVolumes().Update(ctx, pv, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}
