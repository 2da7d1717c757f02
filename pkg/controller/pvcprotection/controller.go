// Package pvcprotection is kube-controller-manager's persistentvolumeclaim-protection-controller: a
// PersistentVolumeClaim being deleted keeps its kubernetes.io/pvc-protection finalizer while a
// scheduled pod that has not finished uses it, so that no running pod loses its storage, and loses
// it once none does.
package pvcprotection

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
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
const Name = "persistentvolumeclaim-protection-controller"

// Controller keeps the protection finalizer of PersistentVolumeClaims.
type Controller struct {
	client kubernetes.Interface
	claims corelisters.PersistentVolumeClaimLister
	pods   corelisters.PodLister
	synced []cache.InformerSynced
	queue  workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller that reads claims and pods from the informers and writes through client.
func New(client kubernetes.Interface, claims coreinformers.PersistentVolumeClaimInformer, pods coreinformers.PodInformer) (*Controller, error) {
	c := &Controller{
		client: client,
		claims: claims.Lister(),
		pods:   pods.Lister(),
		synced: []cache.InformerSynced{claims.Informer().HasSynced, pods.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "pvcprotection"}),
	}
	enqueue := worker.EnqueueKey(c.queue.Add)
	if _, err := claims.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	}); err != nil {
		return nil, err
	}
	// A pod that finishes or goes away may release the claims it used.
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, obj any) { c.enqueueClaimsOf(obj) },
		DeleteFunc: c.enqueueClaimsOf,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Controller) enqueueClaimsOf(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	for _, v := range pod.Spec.Volumes {
		switch {
		case v.PersistentVolumeClaim != nil:
			c.queue.Add(pod.Namespace + "/" + v.PersistentVolumeClaim.ClaimName)
		case v.Ephemeral != nil:
			c.queue.Add(pod.Namespace + "/" + ephemeralClaimName(pod, v))
		}
	}
}

// Run works with the given number of workers until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "pvcprotection", Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced...)
}

func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	pvc, err := c.claims.PersistentVolumeClaims(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	finalizers, change, err := protection.Change(pvc, storageobjectinuseprotection.PVCFinalizer, func() (bool, error) { return c.inUse(ctx, pvc) })
	if err != nil || !change {
		return err
	}
	pvc = pvc.DeepCopy()
	pvc.Finalizers = finalizers
	_, err = c.client.CoreV1().PersistentVolumeClaims(namespace).Update(ctx, pvc, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// inUse asks the informer first and, when it knows no user, the API server, since a pod created
// just before the claim's deletion may not have reached the informer yet.
func (c *Controller) inUse(ctx context.Context, pvc *corev1.PersistentVolumeClaim) (bool, error) {
	cached, err := c.pods.Pods(pvc.Namespace).List(labels.Everything())
	if err != nil {
		return false, err
	}
	for _, pod := range cached {
		if uses(pod, pvc) {
			return true, nil
		}
	}
	live, err := c.client.CoreV1().Pods(pvc.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	for i := range live.Items {
		if uses(&live.Items[i], pvc) {
			return true, nil
		}
	}
	return false, nil
}

// uses tells whether pod holds pvc: only scheduled pods count, since the kubelet refuses to start a
// pod whose claim is being deleted, and finished pods hold nothing.
func uses(pod *corev1.Pod, pvc *corev1.PersistentVolumeClaim) bool {
	if pod.Spec.NodeName == "" || pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return false
	}
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == pvc.Name {
			return true
		}
		if v.Ephemeral != nil && ephemeralClaimName(pod, v) == pvc.Name && metav1.IsControlledBy(pvc, pod) {
			return true
		}
	}
	return false
}

// ephemeralClaimName is the name of the claim the ephemeral-volume controller creates for v.
func ephemeralClaimName(pod *corev1.Pod, v corev1.Volume) string {
	return pod.Name + "-" + v.Name
}
