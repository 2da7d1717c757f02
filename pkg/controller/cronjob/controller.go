// Package cronjob creates Jobs on the schedules of CronJobs, as kube-controller-manager's cronjob
// controller (v2) does: one Job per start time, named after it, within the starting deadline and
// the concurrency policy, and deletes finished Jobs beyond the history limits.
package cronjob

import (
	"context"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchinformers "k8s.io/client-go/informers/batch/v1"
	"k8s.io/client-go/kubernetes"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the component the controller's events come from, kube-controller-manager's.
const EventSource = "cronjob-controller"

var controllerKind = batchv1.SchemeGroupVersion.WithKind("CronJob")

// Controller runs CronJobs.
type Controller struct {
	client   kubernetes.Interface
	recorder record.EventRecorder
	cronJobs batchlisters.CronJobLister
	jobs     batchlisters.JobLister
	synced   []cache.InformerSynced
	queue    workqueue.TypedRateLimitingInterface[string]
	clock    clock.PassiveClock
}

// New returns a controller that watches CronJobs and Jobs and writes through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, cronJobs batchinformers.CronJobInformer, jobs batchinformers.JobInformer) (*Controller, error) {
	c := &Controller{
		client:   client,
		recorder: recorder,
		cronJobs: cronJobs.Lister(),
		jobs:     jobs.Lister(),
		synced:   []cache.InformerSynced{cronJobs.Informer().HasSynced, jobs.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "cronjob"}),
		clock: clock.RealClock{},
	}
	if _, err := cronJobs.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    worker.EnqueueKey(c.queue.Add),
		UpdateFunc: c.updateCronJob,
		DeleteFunc: worker.EnqueueKey(c.queue.Add),
	}); err != nil {
		return nil, err
	}
	_, err := jobs.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.jobChanged,
		UpdateFunc: func(old, cur any) {
			if oldRef, curRef := metav1.GetControllerOfNoCopy(old.(*batchv1.Job)), metav1.GetControllerOfNoCopy(cur.(*batchv1.Job)); oldRef != nil && (curRef == nil || oldRef.UID != curRef.UID) {
				c.jobChanged(old)
			}
			c.jobChanged(cur)
		},
		DeleteFunc: c.jobChanged,
	})
	return c, err
}

// Run works with the given number of workers until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "cronjob", Queue: c.queue, Sync: c.syncKey}.Run(ctx, workers, c.synced...)
}

// jobChanged syncs the CronJob that controls the Job.
func (c *Controller) jobChanged(obj any) {
	job, ok := worker.Unwrap[*batchv1.Job](obj)
	if !ok {
		return
	}
	ref := metav1.GetControllerOfNoCopy(job)
	if ref == nil || ref.Kind != controllerKind.Kind {
		return
	}
	cj, err := c.cronJobs.CronJobs(job.Namespace).Get(ref.Name)
	if err != nil || cj.UID != ref.UID {
		return
	}
	worker.EnqueueKey(c.queue.Add)(cj)
}

// updateCronJob syncs a changed CronJob now, or, when its schedule changed, at its new next time.
func (c *Controller) updateCronJob(old, cur any) {
	oldCJ, curCJ := old.(*batchv1.CronJob), cur.(*batchv1.CronJob)
	key, err := cache.MetaNamespaceKeyFunc(curCJ)
	if err != nil {
		return
	}
	if oldCJ.Spec.Schedule == curCJ.Spec.Schedule && ptr.Equal(oldCJ.Spec.TimeZone, curCJ.Spec.TimeZone) {
		c.queue.Add(key)
		return
	}
	// The sync at the new time reports what is wrong with the schedule.
	sched, err := schedule(curCJ, nil)
	if err != nil {
		return
	}
	if d, ok := nextSync(curCJ, c.clock.Now(), sched); ok {
		c.queue.AddAfter(key, d)
	}
}

// syncKey syncs the CronJob of key and queues it again for its next start time.
func (c *Controller) syncKey(ctx context.Context, key string) error {
	after, err := c.sync(ctx, key)
	if err == nil && after != nil {
		c.queue.AddAfter(key, max(*after, time.Duration(0)))
	}
	return err
}
