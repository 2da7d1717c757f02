package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// syncCtx is what one sync of a Job works out.
type syncCtx struct {
	key string
	// job is the controller's copy, whose status the sync changes.
	job  *batchv1.Job
	pods []*corev1.Pod
	// active are the pods that have neither finished nor are being deleted.
	active []*corev1.Pod
	// expectedRemovals are pods whose finalizer is gone though the cache does not show it yet.
	expectedRemovals                    sets.Set[types.UID]
	uncountedSucceeded, uncountedFailed sets.Set[types.UID]
	succeeded                           int32
	ready, terminating                  int32
	// succeededIndexes and failedIndexes (with backoffLimitPerIndex only) of an Indexed Job
	// include what this sync observed.
	prevSucceededIndexes, succeededIndexes indexSet
	failedIndexes                          indexSet
	// lastFailed holds, with backoffLimitPerIndex, the last failed pod of each index that is
	// neither done nor running: it keeps its finalizer, and so the index's failure count, until a
	// replacement carries the count on.
	lastFailed map[int]*corev1.Pod
	backoff    backoffRecord
	// finished is the condition the Job is heading for: an interim FailureTarget or
	// SuccessCriteriaMet, or the terminal condition once the interim one is in status.
	finished *batchv1.JobCondition
}

// sync brings the Job of key one step closer to what its spec asks.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	shared, err := c.jobs.Jobs(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		c.expected.Delete(key)
		c.finalizers.forget(key)
		c.backoff.remove(key)
		return nil
	}
	if err != nil {
		return err
	}
	if !managed(shared) {
		return nil
	}
	if isFinished(shared) {
		c.backoff.remove(key)
		return nil
	}
	// Expectations are read before the pods, so that a pod created after the read is listed.
	satisfied := c.expected.Satisfied(key)
	job := shared.DeepCopy()
	pods, err := c.podsFor(ctx, job)
	if err != nil {
		return err
	}
	jc := c.newSyncCtx(key, job, pods)
	now := c.clock.Now()
	suspended := ptr.Deref(job.Spec.Suspend, false)
	startTimeChanged := false
	if job.Status.StartTime == nil && !suspended {
		job.Status.StartTime = ptr.To(metav1.NewTime(now))
		startTimeChanged = true
	}

	newSucceeded, newFailed := jc.newlyFinished()
	failed := job.Status.Failed + int32(jc.uncountedFailed.Len())
	for _, p := range newFailed {
		if matchFailurePolicy(job.Spec.PodFailurePolicy, p).counts() {
			failed++
		}
	}
	jc.succeeded = job.Status.Succeeded + int32(len(newSucceeded)+jc.uncountedSucceeded.Len())

	c.decideFailure(jc, failed, now)
	if isIndexed(job) {
		c.decideIndexes(jc, now)
	}
	jc.backoff = c.backoff.next(key, newSucceeded, newFailed)

	active := int32(len(jc.active))
	conditionsChanged := false
	var errs []error
	if jc.finished != nil {
		removed, removedReady, err := c.deletePods(ctx, job, key, jc.active, false)
		if removed != active || !satisfied {
			// Pods may remain, or be missing from the cache still: the Job is not over yet.
			jc.finished = nil
		}
		active -= removed
		jc.ready -= removedReady
		jc.terminating += removed
		errs = append(errs, err)
	} else {
		// The suspension condition follows only a sync that acted on spec.suspend.
		managedPods := false
		if satisfied && job.DeletionTimestamp == nil {
			var err error
			active, err = c.manage(ctx, jc)
			errs = append(errs, err)
			managedPods = true
		}
		if c.complete(jc, active) {
			jc.finished = ptr.To(newCondition(batchv1.JobSuccessCriteriaMet, corev1.ConditionTrue, batchv1.JobReasonCompletionsReached, completionsMessage, now))
		} else if managedPods {
			conditionsChanged = c.updateSuspended(jc, now)
		}
	}

	needsFlush := conditionsChanged || startTimeChanged || active != job.Status.Active ||
		!ptr.Equal(&jc.ready, job.Status.Ready) || !ptr.Equal(&jc.terminating, job.Status.Terminating)
	job.Status.Active = active
	job.Status.Ready = ptr.To(jc.ready)
	job.Status.Terminating = ptr.To(jc.terminating)
	errs = append(errs, c.track(ctx, jc, needsFlush))
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *Controller) newSyncCtx(key string, job *batchv1.Job, pods []*corev1.Pod) *syncCtx {
	jc := &syncCtx{
		key:                key,
		job:                job,
		pods:               pods,
		expectedRemovals:   c.finalizers.pending(key),
		uncountedSucceeded: sets.New[types.UID](),
		uncountedFailed:    sets.New[types.UID](),
	}
	if u := job.Status.UncountedTerminatedPods; u != nil {
		jc.uncountedSucceeded.Insert(u.Succeeded...)
		jc.uncountedFailed.Insert(u.Failed...)
	}
	for _, p := range pods {
		switch {
		case podcontrol.IsActive(p):
			jc.active = append(jc.active, p)
			if podcontrol.IsReady(p) {
				jc.ready++
			}
		case podcontrol.IsTerminating(p):
			jc.terminating++
		}
	}
	return jc
}

// uncounted tells whether pod finished and still has to be counted: it has the finalizer, the
// controller has not removed it already, and status does not hold it yet.
func (jc *syncCtx) uncounted(pod *corev1.Pod) bool {
	return hasTrackingFinalizer(pod) && !jc.expectedRemovals.Has(pod.UID) &&
		!jc.uncountedSucceeded.Has(pod.UID) && !jc.uncountedFailed.Has(pod.UID)
}

// newlyFinished returns the pods that finished since the last sync counted.
func (jc *syncCtx) newlyFinished() (succeeded, failed []*corev1.Pod) {
	indexed := isIndexed(jc.job)
	for _, p := range jc.pods {
		if !jc.uncounted(p) || (indexed && validIndex(jc.job, p) == noIndex) {
			continue
		}
		switch {
		case p.Status.Phase == corev1.PodSucceeded:
			succeeded = append(succeeded, p)
		case isFailed(jc.job, p):
			failed = append(failed, p)
		}
	}
	return succeeded, failed
}

// decideFailure finds whether the Job has failed: by an earlier interim condition, a FailJob rule,
// the backoff limit or the active deadline; an unsuspended Job with a deadline is looked at again
// when it passes.
func (c *Controller) decideFailure(jc *syncCtx, failed int32, now time.Time) {
	job := jc.job
	failure := func(reason, message string) {
		jc.finished = ptr.To(newCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, reason, message, now))
	}
	if cond := findCondition(job.Status.Conditions, batchv1.JobFailureTarget); cond != nil && cond.Status == corev1.ConditionTrue {
		jc.finished = ptr.To(terminalFor(*cond, now))
		return
	}
	if cond := findCondition(job.Status.Conditions, batchv1.JobSuccessCriteriaMet); cond != nil && cond.Status == corev1.ConditionTrue {
		jc.finished = ptr.To(terminalFor(*cond, now))
		return
	}
	if msg, ok := failJobMessage(job, jc.pods); ok {
		failure(batchv1.JobReasonPodFailurePolicy, msg)
		return
	}
	if failed > ptr.Deref(job.Spec.BackoffLimit, 6) || pastBackoffLimitOnFailure(job, jc.pods) {
		failure(batchv1.JobReasonBackoffLimitExceeded, backoffLimitMessage)
		return
	}
	if job.Spec.ActiveDeadlineSeconds == nil || job.Status.StartTime == nil || ptr.Deref(job.Spec.Suspend, false) {
		return
	}
	left := time.Duration(*job.Spec.ActiveDeadlineSeconds)*time.Second - now.Sub(job.Status.StartTime.Time)
	if left <= 0 {
		failure(batchv1.JobReasonDeadlineExceeded, deadlineMessage)
		return
	}
	c.queue.AddAfter(jc.key, left)
}

// pastBackoffLimitOnFailure tells whether the restarts of a Job whose pods restart on failure reach
// its backoff limit.
func pastBackoffLimitOnFailure(job *batchv1.Job, pods []*corev1.Pod) bool {
	if job.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		return false
	}
	restarts, limit := restartsOfActive(pods), ptr.Deref(job.Spec.BackoffLimit, 6)
	if limit == 0 {
		return restarts > 0
	}
	return restarts >= limit
}

// decideIndexes works out an Indexed Job's succeeded and failed indexes, and whether they fail it
// or meet its success policy.
func (c *Controller) decideIndexes(jc *syncCtx, now time.Time) {
	job := jc.job
	completions := ptr.Deref(job.Spec.Completions, 0)
	jc.prevSucceededIndexes = parseIndexes(job.Status.CompletedIndexes, completions)
	jc.succeededIndexes = jc.prevSucceededIndexes.Clone()
	for _, p := range jc.pods {
		if ix := validIndex(job, p); ix != noIndex && p.Status.Phase == corev1.PodSucceeded && hasTrackingFinalizer(p) && !jc.expectedRemovals.Has(p.UID) {
			jc.succeededIndexes.Insert(ix)
		}
	}
	if job.Spec.BackoffLimitPerIndex != nil {
		jc.failedIndexes = parseIndexes(ptr.Deref(job.Status.FailedIndexes, ""), completions)
		for _, p := range jc.pods {
			ix := validIndex(job, p)
			if ix == noIndex || jc.succeededIndexes.Has(ix) || !hasTrackingFinalizer(p) || jc.expectedRemovals.Has(p.UID) || !isFailed(job, p) {
				continue
			}
			m := matchFailurePolicy(job.Spec.PodFailurePolicy, p)
			if m.action == batchv1.PodFailurePolicyActionFailIndex ||
				(m.counts() && annotationCount(p, batchv1.JobIndexFailureCountAnnotation) >= *job.Spec.BackoffLimitPerIndex) {
				jc.failedIndexes.Insert(ix)
			}
		}
		jc.lastFailed = lastFailedPerIndex(jc)
		if jc.finished == nil {
			failedCount := jc.failedIndexes.Len()
			switch {
			case job.Spec.MaxFailedIndexes != nil && failedCount > int(*job.Spec.MaxFailedIndexes):
				jc.finished = ptr.To(newCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, batchv1.JobReasonMaxFailedIndexesExceeded, maxFailedIndexesMessage, now))
			case failedCount > 0 && failedCount+jc.succeededIndexes.Len() >= int(completions):
				jc.finished = ptr.To(newCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, batchv1.JobReasonFailedIndexes, failedIndexesMessage, now))
			}
		}
	}
	if jc.finished == nil {
		if msg, ok := matchSuccessPolicy(job.Spec.SuccessPolicy, completions, jc.succeededIndexes); ok {
			jc.finished = ptr.To(newCondition(batchv1.JobSuccessCriteriaMet, corev1.ConditionTrue, batchv1.JobReasonSuccessPolicy, msg, now))
		}
	}
}

// lastFailedPerIndex finds, for each index that is not done and has no active pod, its failed pod
// with the most failures, the latest of those.
func lastFailedPerIndex(jc *syncCtx) map[int]*corev1.Pod {
	job := jc.job
	running := indexSet{}
	for _, p := range jc.active {
		running.Insert(validIndex(job, p))
	}
	last := map[int]*corev1.Pod{}
	for _, p := range jc.pods {
		ix := validIndex(job, p)
		if ix == noIndex || !hasTrackingFinalizer(p) || jc.expectedRemovals.Has(p.UID) || !isFailed(job, p) ||
			jc.succeededIndexes.Has(ix) || jc.failedIndexes.Has(ix) || running.Has(ix) {
			continue
		}
		if prev, ok := last[ix]; !ok || (absoluteFailures(prev) <= absoluteFailures(p) && !finishedAt(p).Before(finishedAt(prev))) {
			last[ix] = p
		}
	}
	return last
}

// complete tells whether the Job has all its successes (an Indexed Job all its indexes) and no pod
// left running: without completions, one success is enough once the other pods have finished.
func (c *Controller) complete(jc *syncCtx, active int32) bool {
	job := jc.job
	succeeded := jc.succeeded
	if isIndexed(job) {
		succeeded = int32(jc.succeededIndexes.Len())
	}
	if job.Spec.Completions == nil {
		return succeeded > 0 && active == 0
	}
	return succeeded >= *job.Spec.Completions && active == 0
}

// updateSuspended keeps the JobSuspended condition in step with spec.suspend, recording the change.
// A resumed Job starts its deadline afresh, since the deadline counts continuous activity.
func (c *Controller) updateSuspended(jc *syncCtx, now time.Time) bool {
	job := jc.job
	var changed bool
	if ptr.Deref(job.Spec.Suspend, false) {
		job.Status.Conditions, changed = ensureCondition(job.Status.Conditions, batchv1.JobSuspended, corev1.ConditionTrue, "JobSuspended", "Job suspended", now)
		if changed {
			c.recorder.Event(job, corev1.EventTypeNormal, "Suspended", "Job suspended")
		}
		return changed
	}
	job.Status.Conditions, changed = ensureCondition(job.Status.Conditions, batchv1.JobSuspended, corev1.ConditionFalse, "JobResumed", "Job resumed", now)
	if changed {
		c.recorder.Event(job, corev1.EventTypeNormal, "Resumed", "Job resumed")
		job.Status.StartTime = ptr.To(metav1.NewTime(now))
	}
	return changed
}

// podsFor returns the Job's pods: those it controls that its selector still matches, and orphans
// it matches, which it adopts; it releases controlled pods that no longer match.
func (c *Controller) podsFor(ctx context.Context, job *batchv1.Job) ([]*corev1.Pod, error) {
	selector, err := metav1.LabelSelectorAsSelector(job.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("couldn't convert Job selector: %w", err)
	}
	owned, err := c.podIndex.ByIndex(controllerUIDIndex, string(job.UID))
	if err != nil {
		return nil, err
	}
	candidates := make([]*corev1.Pod, 0, len(owned))
	for _, obj := range owned {
		candidates = append(candidates, obj.(*corev1.Pod))
	}
	matching, err := c.podLister.Pods(job.Namespace).List(selector)
	if err != nil {
		return nil, err
	}
	for _, p := range matching {
		if metav1.GetControllerOfNoCopy(p) == nil {
			candidates = append(candidates, p)
		}
	}
	claimer := &podcontrol.Claimer[*corev1.Pod]{
		Owner:    job,
		Kind:     controllerKind,
		Selector: selector,
		Fresh: func(ctx context.Context) (metav1.Object, error) {
			return c.client.BatchV1().Jobs(job.Namespace).Get(ctx, job.Name, metav1.GetOptions{})
		},
		Patch: func(ctx context.Context, pod *corev1.Pod, patch []byte) error {
			return c.pods.PatchPod(ctx, pod, patch)
		},
		ReleaseFinalizers: []string{batchv1.JobTrackingFinalizer},
	}
	pods, err := claimer.Claim(ctx, candidates)
	// An adopted pod is tracked like the Job's own: it gets the finalizer too.
	for i, p := range pods {
		if hasTrackingFinalizer(p) || ownedBy(p, job) {
			continue
		}
		if perr := c.pods.PatchPod(ctx, p, addFinalizerPatch); perr != nil {
			err = errors.Join(err, perr)
			continue
		}
		pods[i] = p.DeepCopy()
		pods[i].Finalizers = append(pods[i].Finalizers, batchv1.JobTrackingFinalizer)
	}
	return pods, err
}

// ownedBy tells whether the cached pod already names job among its owners, so that it was not
// just adopted.
func ownedBy(pod *corev1.Pod, job *batchv1.Job) bool {
	for _, ref := range pod.OwnerReferences {
		if ref.UID == job.UID {
			return true
		}
	}
	return false
}
