// Package job runs Jobs to completion, as kube-controller-manager's job controller does: it creates
// their pods for completions and parallelism (Indexed or not), replaces failed ones after a backoff
// within the backoff limits and the pod failure policy, tracks finished pods through the
// batch.kubernetes.io/job-tracking finalizer and status.uncountedTerminatedPods, and ends the Job
// with the Complete or Failed condition.
package job

import (
	"context"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	batchinformers "k8s.io/client-go/informers/batch/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the component the controller's events come from, kube-controller-manager's.
const EventSource = "job-controller"

// podBatchPeriod gathers the pod events of a Job into one sync, as upstream does.
const podBatchPeriod = time.Second

// Retries of a failed sync, upstream's: from a second, doubling up to a minute.
const (
	apiBackoff    = time.Second
	maxAPIBackoff = time.Minute
)

// maxPodChangesPerSync caps the pods one sync creates or deletes, upstream's 500.
const maxPodChangesPerSync = 500

// maxUncounted caps the finished pods one sync records in status.uncountedTerminatedPods.
const maxUncounted = 500

var controllerKind = batchv1.SchemeGroupVersion.WithKind("Job")

// Controller runs Jobs.
type Controller struct {
	client     kubernetes.Interface
	pods       podcontrol.Control
	recorder   record.EventRecorder
	jobs       batchlisters.JobLister
	podLister  corelisters.PodLister
	podIndex   cache.Indexer
	synced     []cache.InformerSynced
	queue      workqueue.TypedRateLimitingInterface[string]
	orphans    workqueue.TypedRateLimitingInterface[string]
	expected   *podcontrol.Expectations
	finalizers *finalizerExpectations
	backoff    *backoffStore
	clock      clock.PassiveClock
}

// controllerUIDIndex indexes pods by the UID of their controller.
const controllerUIDIndex = "job-controller-uid"

// New returns a controller that watches jobs and pods and writes through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, jobs batchinformers.JobInformer, pods coreinformers.PodInformer) (*Controller, error) {
	clk := clock.RealClock{}
	c := &Controller{
		client:    client,
		pods:      podcontrol.Control{Client: client, Recorder: recorder},
		recorder:  recorder,
		jobs:      jobs.Lister(),
		podLister: pods.Lister(),
		podIndex:  pods.Informer().GetIndexer(),
		synced:    []cache.InformerSynced{jobs.Informer().HasSynced, pods.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.NewTypedItemExponentialFailureRateLimiter[string](apiBackoff, maxAPIBackoff),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "job"}),
		orphans: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.NewTypedItemExponentialFailureRateLimiter[string](apiBackoff, maxAPIBackoff),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "job_orphan_pod"}),
		expected:   podcontrol.NewExpectations(clk),
		finalizers: newFinalizerExpectations(),
		backoff:    newBackoffStore(),
		clock:      clk,
	}
	err := pods.Informer().AddIndexers(cache.Indexers{controllerUIDIndex: func(obj any) ([]string, error) {
		if ref := metav1.GetControllerOfNoCopy(obj.(*corev1.Pod)); ref != nil {
			return []string{string(ref.UID)}, nil
		}
		return nil, nil
	}})
	if err != nil {
		return nil, err
	}
	if _, err := jobs.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    worker.EnqueueKey(c.queue.Add),
		UpdateFunc: c.updateJob,
		DeleteFunc: c.deleteJob,
	}); err != nil {
		return nil, err
	}
	_, err = pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.addPod,
		UpdateFunc: c.updatePod,
		DeleteFunc: c.deletePod,
	})
	return c, err
}

// Run works with the given number of workers, and one for orphaned pods, until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	go worker.Loop{Name: "job orphan pods", Queue: c.orphans, Sync: c.syncOrphan}.Run(ctx, 1, c.synced...)
	worker.Loop{Name: "job", Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced...)
}

// managed tells whether this controller runs job, rather than one that spec.managedBy names.
func managed(job *batchv1.Job) bool {
	return ptr.Deref(job.Spec.ManagedBy, batchv1.JobControllerName) == batchv1.JobControllerName
}

func (c *Controller) updateJob(old, cur any) {
	oldJob, curJob := old.(*batchv1.Job), cur.(*batchv1.Job)
	key, err := cache.MetaNamespaceKeyFunc(curJob)
	if err != nil {
		return
	}
	// A spec change is acted on at once; status writes, mostly the controller's own, are batched
	// like pod events.
	if curJob.Generation != oldJob.Generation {
		c.queue.Add(key)
	} else {
		c.queue.AddAfter(key, podBatchPeriod)
	}
	if isFinished(curJob) {
		c.releasePods(curJob)
	}
	// A changed deadline takes effect when it will have passed.
	if curJob.Status.StartTime != nil && curJob.Spec.ActiveDeadlineSeconds != nil &&
		!ptr.Equal(oldJob.Spec.ActiveDeadlineSeconds, curJob.Spec.ActiveDeadlineSeconds) {
		left := time.Duration(*curJob.Spec.ActiveDeadlineSeconds)*time.Second - c.clock.Since(curJob.Status.StartTime.Time)
		c.queue.AddAfter(key, left)
	}
}

// deleteJob syncs the deleted Job, which forgets it, and frees its pods of their finalizers.
func (c *Controller) deleteJob(obj any) {
	job, ok := worker.Unwrap[*batchv1.Job](obj)
	if !ok {
		return
	}
	worker.EnqueueKey(c.queue.Add)(obj)
	c.releasePods(job)
}

// releasePods hands the pods of a Job that no longer counts them to the orphan worker, which
// removes their tracking finalizers.
func (c *Controller) releasePods(job *batchv1.Job) {
	pods, err := c.podIndex.ByIndex(controllerUIDIndex, string(job.UID))
	if err != nil {
		return
	}
	for _, p := range pods {
		if pod := p.(*corev1.Pod); hasTrackingFinalizer(pod) {
			c.orphans.Add(podcontrol.PodKey(pod))
		}
	}
}

// jobOf returns the Job that controls pod, or nil.
func (c *Controller) jobOf(pod *corev1.Pod) *batchv1.Job {
	ref := metav1.GetControllerOfNoCopy(pod)
	if ref == nil || ref.Kind != controllerKind.Kind || ref.APIVersion != controllerKind.GroupVersion().String() {
		return nil
	}
	job, err := c.jobs.Jobs(pod.Namespace).Get(ref.Name)
	if err != nil || job.UID != ref.UID {
		return nil
	}
	return job
}

// jobKeyOf is the key of the Job that pod's controller reference names, whether or not it exists.
func jobKeyOf(pod *corev1.Pod) (string, bool) {
	ref := metav1.GetControllerOfNoCopy(pod)
	if ref == nil || ref.Kind != controllerKind.Kind {
		return "", false
	}
	return pod.Namespace + "/" + ref.Name, true
}

// enqueueBatched syncs job a moment later, so that a burst of pod events makes one sync.
func (c *Controller) enqueueBatched(job *batchv1.Job) {
	if key, err := cache.MetaNamespaceKeyFunc(job); err == nil {
		c.queue.AddAfter(key, podBatchPeriod)
	}
}

// enqueueMatching syncs the Jobs whose selector matches an orphaned pod, which may adopt it.
func (c *Controller) enqueueMatching(pod *corev1.Pod) {
	jobs, err := c.jobs.Jobs(pod.Namespace).List(labels.Everything())
	if err != nil {
		return
	}
	for _, job := range jobs {
		if selectorMatches(job, pod) {
			c.enqueueBatched(job)
		}
	}
}

func (c *Controller) addPod(obj any) {
	pod := obj.(*corev1.Pod)
	if key, ok := jobKeyOf(pod); ok {
		if pod.DeletionTimestamp == nil {
			c.expected.CreationObserved(key)
		}
	}
	c.podChanged(pod, true)
}

func (c *Controller) updatePod(old, cur any) {
	oldPod, curPod := old.(*corev1.Pod), cur.(*corev1.Pod)
	if oldPod.ResourceVersion == curPod.ResourceVersion {
		return
	}
	if key, ok := jobKeyOf(curPod); ok {
		if !hasTrackingFinalizer(curPod) {
			c.finalizers.observed(key, curPod.UID)
		}
		// A graceful deletion has begun: the Job need not wait for the pod to go to replace it.
		if curPod.DeletionTimestamp != nil {
			c.expected.DeletionObserved(key, podcontrol.PodKey(curPod))
		}
	}
	// A pod that moved to another controller is the old one's loss too.
	oldRef, curRef := metav1.GetControllerOfNoCopy(oldPod), metav1.GetControllerOfNoCopy(curPod)
	refChanged := !equality.Semantic.DeepEqual(oldRef, curRef)
	if refChanged && oldRef != nil {
		if job := c.jobOf(oldPod); job != nil {
			c.enqueueBatched(job)
		}
	}
	c.podChanged(curPod, refChanged || !equality.Semantic.DeepEqual(oldPod.Labels, curPod.Labels))
}

func (c *Controller) deletePod(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	key, ok := jobKeyOf(pod)
	if !ok {
		return
	}
	c.expected.DeletionObserved(key, podcontrol.PodKey(pod))
	c.finalizers.observed(key, pod.UID)
	if job := c.jobOf(pod); job != nil {
		c.enqueueBatched(job)
	}
}

// podChanged syncs the Job of pod, lets orphans with the finalizer go, and, when it is new or its
// labels or controller changed (offer), offers a pod without a controller to the Jobs that match it.
func (c *Controller) podChanged(pod *corev1.Pod, offer bool) {
	if metav1.GetControllerOfNoCopy(pod) == nil {
		if hasTrackingFinalizer(pod) {
			c.orphans.Add(podcontrol.PodKey(pod))
		}
		if offer && pod.DeletionTimestamp == nil {
			c.enqueueMatching(pod)
		}
		return
	}
	if _, ok := jobKeyOf(pod); !ok {
		return
	}
	job := c.jobOf(pod)
	if job == nil || isFinished(job) {
		if hasTrackingFinalizer(pod) {
			c.orphans.Add(podcontrol.PodKey(pod))
		}
		if job == nil {
			return
		}
	}
	c.enqueueBatched(job)
}
