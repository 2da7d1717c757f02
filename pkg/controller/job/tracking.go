package job

import (
	"context"
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/utils/ptr"
)

// track records finished pods in the Job's status and then removes their finalizers, in that order
// so that no pod is lost if the controller stops in between: first their UIDs go into
// status.uncountedTerminatedPods (or, Indexed, their indexes into completedIndexes), then the
// finalizers go, then the UIDs of pods without a finalizer move into the counters. The terminal
// condition follows its interim one once nothing is uncounted and no pod is terminating.
func (c *Controller) track(ctx context.Context, jc *syncCtx, needsFlush bool) error {
	job := jc.job
	if job.Status.UncountedTerminatedPods == nil {
		job.Status.UncountedTerminatedPods = &batchv1.UncountedTerminatedPods{}
		needsFlush = true
	}
	withFinalizer := sets.New[types.UID]()
	for _, p := range jc.pods {
		if hasTrackingFinalizer(p) && !jc.expectedRemovals.Has(p.UID) {
			withFinalizer.Insert(p.UID)
		}
	}
	if countUncounted(&job.Status, withFinalizer) {
		needsFlush = true
	}
	uncounted := job.Status.UncountedTerminatedPods
	failing := jc.finished != nil && jc.finished.Type != batchv1.JobSuccessCriteriaMet && jc.finished.Type != batchv1.JobComplete
	var release []*corev1.Pod
	full := false
	for _, p := range jc.pods {
		if !hasTrackingFinalizer(p) || jc.expectedRemovals.Has(p.UID) {
			continue
		}
		failed := isFailed(job, p)
		ending := job.DeletionTimestamp != nil || jc.finished != nil
		if !(ending || p.Status.Phase == corev1.PodSucceeded || failed) || (!ending && jc.lastFailed[validIndex(job, p)] == p) {
			continue
		}
		release = append(release, p)
		ix := validIndex(job, p)
		switch {
		case p.Status.Phase == corev1.PodSucceeded && !jc.uncountedFailed.Has(p.UID):
			// An Indexed Job counts indexes, which cannot be counted twice; decideIndexes has them.
			if !isIndexed(job) && !jc.uncountedSucceeded.Has(p.UID) {
				uncounted.Succeeded = append(uncounted.Succeeded, p.UID)
				jc.uncountedSucceeded.Insert(p.UID)
				needsFlush = true
			}
		case failed || failing:
			if jc.uncountedFailed.Has(p.UID) || (isIndexed(job) && ix == noIndex) {
				continue
			}
			if matchFailurePolicy(job.Spec.PodFailurePolicy, p).counts() {
				uncounted.Failed = append(uncounted.Failed, p.UID)
				jc.uncountedFailed.Insert(p.UID)
				needsFlush = true
			}
		}
		if len(uncounted.Succeeded)+len(uncounted.Failed) >= maxUncounted {
			full = true
			break
		}
	}
	if isIndexed(job) {
		completed := formatIndexes(jc.succeededIndexes)
		if completed != job.Status.CompletedIndexes {
			job.Status.CompletedIndexes = completed
			needsFlush = true
		}
		job.Status.Succeeded = int32(jc.succeededIndexes.Len())
		var failedIndexes *string
		if jc.failedIndexes != nil {
			failedIndexes = ptr.To(formatIndexes(jc.failedIndexes))
		}
		if !ptr.Equal(failedIndexes, job.Status.FailedIndexes) {
			job.Status.FailedIndexes = failedIndexes
			needsFlush = true
		}
	}
	if jc.finished != nil && (jc.finished.Type == batchv1.JobFailureTarget || jc.finished.Type == batchv1.JobSuccessCriteriaMet) {
		if !hasTrueCondition(job, jc.finished.Type) {
			job.Status.Conditions = append(job.Status.Conditions, *jc.finished)
			needsFlush = true
		}
		jc.finished = ptr.To(terminalFor(*jc.finished, c.clock.Now()))
	}

	if needsFlush {
		if err := c.updateStatus(ctx, jc); err != nil {
			return fmt.Errorf("adding uncounted pods to status: %w", err)
		}
		c.backoff.save(jc.key, jc.backoff)
		needsFlush = false
	}
	var rmErr error
	if len(release) > 0 {
		var done []bool
		done, rmErr = c.removeFinalizers(ctx, jc.key, release)
		for i, p := range release {
			if done[i] {
				withFinalizer.Delete(p.UID)
			}
		}
	}
	if countUncounted(&jc.job.Status, withFinalizer) {
		needsFlush = true
	}
	finished := !full && rmErr == nil && c.enactFinished(jc)
	if finished {
		needsFlush = true
	}
	if needsFlush {
		if err := c.updateStatus(ctx, jc); err != nil {
			return fmt.Errorf("removing uncounted pods from status: %w", err)
		}
		if finished {
			c.recordFinished(jc)
		}
	}
	return rmErr
}

// countUncounted moves the uncounted pods whose finalizer is gone into the counters, and reports
// whether it moved any.
func countUncounted(status *batchv1.JobStatus, withFinalizer sets.Set[types.UID]) bool {
	u := status.UncountedTerminatedPods
	if u == nil {
		return false
	}
	keep := func(uids []types.UID) ([]types.UID, int32) {
		var kept []types.UID
		for _, uid := range uids {
			if withFinalizer.Has(uid) {
				kept = append(kept, uid)
			}
		}
		return kept, int32(len(uids) - len(kept))
	}
	var moved, n int32
	u.Succeeded, n = keep(u.Succeeded)
	status.Succeeded += n
	moved += n
	u.Failed, n = keep(u.Failed)
	status.Failed += n
	moved += n
	return moved > 0
}

// enactFinished sets the terminal condition once every finished pod is counted and none is still
// terminating.
func (c *Controller) enactFinished(jc *syncCtx) bool {
	job := jc.job
	if jc.finished == nil {
		return false
	}
	if u := job.Status.UncountedTerminatedPods; u != nil && len(u.Succeeded)+len(u.Failed) > 0 {
		return false
	}
	if jc.terminating > 0 {
		return false
	}
	f := jc.finished
	job.Status.Conditions, _ = ensureCondition(job.Status.Conditions, f.Type, f.Status, f.Reason, f.Message, c.clock.Now())
	if f.Type == batchv1.JobComplete {
		job.Status.CompletionTime = ptr.To(f.LastTransitionTime)
	}
	if job.Status.StartTime == nil {
		job.Status.StartTime = ptr.To(metav1.NewTime(c.clock.Now()))
	}
	return true
}

// recordFinished records upstream's event for the end of the Job.
func (c *Controller) recordFinished(jc *syncCtx) {
	job := jc.job
	if jc.finished.Type == batchv1.JobComplete {
		if job.Spec.Completions != nil && job.Status.Succeeded > *job.Spec.Completions {
			c.recorder.Event(job, corev1.EventTypeWarning, "TooManySucceededPods", "Too many succeeded pods running after completion count reached")
		}
		c.recorder.Event(job, corev1.EventTypeNormal, "Completed", "Job completed")
		return
	}
	c.recorder.Event(job, corev1.EventTypeWarning, jc.finished.Reason, jc.finished.Message)
}

// updateStatus writes the Job's status and continues with what the server returned.
func (c *Controller) updateStatus(ctx context.Context, jc *syncCtx) error {
	updated, err := c.client.BatchV1().Jobs(jc.job.Namespace).UpdateStatus(ctx, jc.job, metav1.UpdateOptions{})
	if err != nil {
		return err
	}
	jc.job = updated
	return nil
}
