// Package ttlafterfinished deletes finished Jobs once their spec.ttlSecondsAfterFinished has passed,
// as kube-controller-manager's ttl-after-finished controller does.
package ttlafterfinished

import (
	"context"
	"fmt"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchinformers "k8s.io/client-go/informers/batch/v1"
	"k8s.io/client-go/kubernetes"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Controller deletes Jobs whose time to live after finishing is over.
type Controller struct {
	client kubernetes.Interface
	jobs   batchlisters.JobLister
	synced cache.InformerSynced
	queue  workqueue.TypedRateLimitingInterface[string]
	clock  clock.Clock
}

// New returns a controller reading Jobs from informer and deleting them through client.
func New(client kubernetes.Interface, informer batchinformers.JobInformer) (*Controller, error) {
	c := &Controller{
		client: client,
		jobs:   informer.Lister(),
		synced: informer.Informer().HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "ttl_jobs_to_delete"}),
		clock: clock.RealClock{},
	}
	_, err := informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, obj any) { c.enqueue(obj) },
	})
	return c, err
}

// enqueue queues a finished Job that has a time to live and is not being deleted yet.
func (c *Controller) enqueue(obj any) {
	job, ok := obj.(*batchv1.Job)
	if !ok || !needsCleanup(job) {
		return
	}
	if key, err := cache.MetaNamespaceKeyFunc(job); err == nil {
		c.queue.Add(key)
	}
}

// Run works with the given number of workers until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "TTL after finished", Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced)
}

// sync deletes the Job of key if its time is up, or looks at it again when it will be.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	job, err := c.jobs.Jobs(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if expired, err := c.expired(key, job); err != nil || !expired {
		return err
	}
	// The cache may lag behind a user who just changed the time to live: decide on the live object.
	fresh, err := c.client.BatchV1().Jobs(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if expired, err := c.expired(key, fresh); err != nil || !expired {
		return err
	}
	// Foreground, as upstream: the Job goes once its pods have.
	policy := metav1.DeletePropagationForeground
	err = c.client.BatchV1().Jobs(namespace).Delete(ctx, name, metav1.DeleteOptions{
		PropagationPolicy: &policy,
		Preconditions:     &metav1.Preconditions{UID: &fresh.UID},
	})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	if err == nil {
		klog.V(2).InfoS("Deleted a finished Job whose time to live is over", "job", klog.KObj(fresh))
	}
	return err
}

// expired reports whether job's time to live after finishing is over; while it is not, it queues the
// Job again for when it will be.
func (c *Controller) expired(key string, job *batchv1.Job) (bool, error) {
	if !needsCleanup(job) {
		return false, nil
	}
	finished, err := finishTime(job)
	if err != nil {
		return false, err
	}
	left := finished.Add(time.Duration(*job.Spec.TTLSecondsAfterFinished) * time.Second).Sub(c.clock.Now())
	if left > 0 {
		c.queue.AddAfter(key, left)
		return false, nil
	}
	return true, nil
}

// needsCleanup reports whether job has a time to live after finishing, has finished, and is not
// being deleted already.
func needsCleanup(job *batchv1.Job) bool {
	return job.Spec.TTLSecondsAfterFinished != nil && job.DeletionTimestamp == nil && finishedCondition(job) != nil
}

// finishedCondition returns the Job's Complete or Failed condition that is true, if any.
func finishedCondition(job *batchv1.Job) *batchv1.JobCondition {
	for i, cond := range job.Status.Conditions {
		if (cond.Type == batchv1.JobComplete || cond.Type == batchv1.JobFailed) && cond.Status == corev1.ConditionTrue {
			return &job.Status.Conditions[i]
		}
	}
	return nil
}

// finishTime is when the Job finished: the last transition of its finished condition.
func finishTime(job *batchv1.Job) (time.Time, error) {
	cond := finishedCondition(job)
	if cond == nil || cond.LastTransitionTime.IsZero() {
		return time.Time{}, fmt.Errorf("unable to find the time when the Job %s/%s finished", job.Namespace, job.Name)
	}
	return cond.LastTransitionTime.Time, nil
}
