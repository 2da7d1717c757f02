package cronjob

import (
	"context"
	"fmt"
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"
)

// sync reconciles the CronJob of key with its Jobs and returns when to look at it again.
func (c *Controller) sync(ctx context.Context, key string) (*time.Duration, error) {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil, err
	}
	shared, err := c.cronJobs.CronJobs(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	all, err := c.jobs.Jobs(namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	var jobs []*batchv1.Job
	for _, j := range all {
		if ref := metav1.GetControllerOfNoCopy(j); ref != nil && ref.UID == shared.UID {
			jobs = append(jobs, j)
		}
	}
	cj := shared.DeepCopy()
	cleaned := c.cleanupFinished(ctx, cj, jobs)
	after, changed, syncErr := c.syncCronJob(ctx, cj, jobs)
	if cleaned || changed {
		if _, err := c.client.BatchV1().CronJobs(namespace).UpdateStatus(ctx, cj, metav1.UpdateOptions{}); err != nil {
			return nil, fmt.Errorf("updating the status of CronJob %s: %w", key, err)
		}
	}
	if after != nil {
		return after, nil
	}
	return nil, syncErr
}

// finishedCondition returns the type of the Job's true Complete or Failed condition, if any.
func finishedCondition(job *batchv1.Job) (batchv1.JobConditionType, bool) {
	for _, cond := range job.Status.Conditions {
		if (cond.Type == batchv1.JobComplete || cond.Type == batchv1.JobFailed) && cond.Status == corev1.ConditionTrue {
			return cond.Type, true
		}
	}
	return "", false
}

func activeIndex(cj *batchv1.CronJob, uid types.UID) int {
	for i, ref := range cj.Status.Active {
		if ref.UID == uid {
			return i
		}
	}
	return -1
}

func removeActive(cj *batchv1.CronJob, uid types.UID) {
	if i := activeIndex(cj, uid); i >= 0 {
		cj.Status.Active = append(cj.Status.Active[:i], cj.Status.Active[i+1:]...)
	}
}

// syncCronJob updates the CronJob's status from its Jobs and creates the Job of its most recent
// missed start time, if the schedule, deadline and concurrency policy allow. It returns when to
// look again and whether the status changed.
func (c *Controller) syncCronJob(ctx context.Context, cj *batchv1.CronJob, jobs []*batchv1.Job) (*time.Duration, bool, error) {
	now := c.clock.Now()
	changed := false
	children := map[types.UID]bool{}
	for _, j := range jobs {
		children[j.UID] = true
		active := activeIndex(cj, j.UID) >= 0
		finished, isFinished := finishedCondition(j)
		switch {
		case !active && !isFinished:
			// The status may lag behind a Job this controller just created.
			fresh, err := c.client.BatchV1().CronJobs(cj.Namespace).Get(ctx, cj.Name, metav1.GetOptions{})
			if err != nil {
				return nil, changed, err
			}
			if activeIndex(fresh, j.UID) >= 0 {
				// Continue with the live object, which the caller writes back.
				*cj = *fresh
				continue
			}
			c.recorder.Eventf(cj, corev1.EventTypeWarning, "UnexpectedJob", "Saw a job that the controller did not create or forgot: %s", j.Name)
		case active && isFinished:
			removeActive(cj, j.UID)
			c.recorder.Eventf(cj, corev1.EventTypeNormal, "SawCompletedJob", "Saw completed job: %s, status: %v", j.Name, finished)
			changed = true
		}
		if finished == batchv1.JobComplete && j.Status.CompletionTime != nil &&
			(cj.Status.LastSuccessfulTime == nil || j.Status.CompletionTime.After(cj.Status.LastSuccessfulTime.Time)) {
			cj.Status.LastSuccessfulTime = j.Status.CompletionTime
			changed = true
		}
	}
	// An active Job that is gone for good must not hold the CronJob forever.
	for _, ref := range append([]corev1.ObjectReference(nil), cj.Status.Active...) {
		if children[ref.UID] {
			continue
		}
		_, err := c.client.BatchV1().Jobs(ref.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			c.recorder.Eventf(cj, corev1.EventTypeNormal, "MissingJob", "Active job went missing: %v", ref.Name)
			removeActive(cj, ref.UID)
			changed = true
		case err != nil:
			return nil, changed, err
		}
	}

	if cj.DeletionTimestamp != nil {
		return nil, changed, nil
	}
	if tz := cj.Spec.TimeZone; tz != nil {
		if _, err := time.LoadLocation(*tz); err != nil {
			c.recorder.Eventf(cj, corev1.EventTypeWarning, "UnknownTimeZone", "invalid timeZone: %q: %s", *tz, err)
			return nil, changed, nil
		}
	}
	if ptr.Deref(cj.Spec.Suspend, false) {
		return nil, changed, nil
	}
	sched, err := schedule(cj, c.recorder)
	if err != nil {
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "UnparseableSchedule", "unparseable schedule: %q : %s", cj.Spec.Schedule, err)
		return nil, changed, nil
	}
	m, err := mostRecentMissed(cj, now, sched, true)
	if err != nil {
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "InvalidSchedule", "invalid schedule: %s : %s", cj.Spec.Schedule, err)
		return nil, changed, nil
	}
	next := func() *time.Duration {
		if d, ok := nextSync(cj, now, sched); ok {
			return &d
		}
		return nil
	}
	if m.mostRecent.IsZero() {
		return next(), changed, nil
	}
	if m.count > tooManyMissed {
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew")
	}
	scheduled := m.mostRecent
	if d := cj.Spec.StartingDeadlineSeconds; d != nil && scheduled.Add(time.Duration(*d)*time.Second).Before(now) {
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "MissSchedule", "Missed scheduled time to start a job: %s", scheduled.UTC().Format(time.RFC1123Z))
		return next(), changed, nil
	}
	name := jobName(cj, scheduled)
	if activeByName(cj, name) || (cj.Status.LastScheduleTime != nil && cj.Status.LastScheduleTime.Time.Equal(scheduled)) {
		return next(), changed, nil
	}
	switch cj.Spec.ConcurrencyPolicy {
	case batchv1.ForbidConcurrent:
		if len(cj.Status.Active) > 0 {
			c.recorder.Eventf(cj, corev1.EventTypeNormal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid")
			return next(), changed, nil
		}
	case batchv1.ReplaceConcurrent:
		for _, ref := range append([]corev1.ObjectReference(nil), cj.Status.Active...) {
			job, err := c.client.BatchV1().Jobs(ref.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
			if err != nil {
				c.recorder.Eventf(cj, corev1.EventTypeWarning, "FailedGet", "Get job: %v", err)
				return nil, changed, err
			}
			if !c.deleteJob(ctx, cj, job) {
				return nil, changed, fmt.Errorf("could not replace job %s/%s", job.Namespace, job.Name)
			}
			changed = true
		}
	}

	job, err := c.createJob(ctx, cj, scheduled)
	if err != nil || job == nil {
		return nil, changed, err
	}
	cj.Status.Active = append(cj.Status.Active, corev1.ObjectReference{
		Kind: "Job", APIVersion: batchv1.SchemeGroupVersion.String(),
		Namespace: job.Namespace, Name: job.Name, UID: job.UID, ResourceVersion: job.ResourceVersion,
	})
	cj.Status.LastScheduleTime = ptr.To(metav1.NewTime(scheduled))
	return next(), true, nil
}

func activeByName(cj *batchv1.CronJob, name string) bool {
	for _, ref := range cj.Status.Active {
		if ref.Name == name {
			return true
		}
	}
	return false
}

// createJob creates the Job of the scheduled time. It returns nil without an error when that Job
// exists already and needs nothing further: created by someone else, or already active.
func (c *Controller) createJob(ctx context.Context, cj *batchv1.CronJob, scheduled time.Time) (*batchv1.Job, error) {
	job, err := jobFromTemplate(cj, scheduled)
	if err != nil {
		return nil, err
	}
	created, err := c.client.BatchV1().Jobs(cj.Namespace).Create(ctx, job, metav1.CreateOptions{})
	switch {
	case apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause):
		return nil, err
	case apierrors.IsAlreadyExists(err):
		// The controller created it before but did not get to record it as active.
		existing, err := c.client.BatchV1().Jobs(cj.Namespace).Get(ctx, job.Name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		if !metav1.IsControlledBy(existing, cj) || activeIndex(cj, existing.UID) >= 0 {
			return nil, nil
		}
		return existing, nil
	case err != nil:
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "FailedCreate", "Error creating job: %v", err)
		return nil, err
	}
	c.recorder.Eventf(cj, corev1.EventTypeNormal, "SuccessfulCreate", "Created job %v", created.Name)
	return created, nil
}

// jobFromTemplate is the Job of the scheduled time: the template's labels, annotations and spec,
// the scheduled time (in the CronJob's time zone) in an annotation, and the CronJob as controller.
func jobFromTemplate(cj *batchv1.CronJob, scheduled time.Time) (*batchv1.Job, error) {
	loc, err := time.LoadLocation(ptr.Deref(cj.Spec.TimeZone, ""))
	if err != nil {
		return nil, err
	}
	t := cj.Spec.JobTemplate.DeepCopy()
	annotations := t.Annotations
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[batchv1.CronJobScheduledTimestampAnnotation] = scheduled.In(loc).Format(time.RFC3339)
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{
			Name:            jobName(cj, scheduled),
			Labels:          t.Labels,
			Annotations:     annotations,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(cj, controllerKind)},
		},
		Spec: t.Spec,
	}, nil
}

// deleteJob deletes a Job of the CronJob in the background and drops it from the active list.
func (c *Controller) deleteJob(ctx context.Context, cj *batchv1.CronJob, job *batchv1.Job) bool {
	err := c.client.BatchV1().Jobs(job.Namespace).Delete(ctx, job.Name, metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationBackground)})
	if err != nil && !apierrors.IsNotFound(err) {
		c.recorder.Eventf(cj, corev1.EventTypeWarning, "FailedDelete", "Deleted job: %v", err)
		return false
	}
	removeActive(cj, job.UID)
	c.recorder.Eventf(cj, corev1.EventTypeNormal, "SuccessfulDelete", "Deleted job %v", job.Name)
	return true
}

// cleanupFinished deletes the oldest finished Jobs beyond the CronJob's history limits, and reports
// whether its status changed.
func (c *Controller) cleanupFinished(ctx context.Context, cj *batchv1.CronJob, jobs []*batchv1.Job) bool {
	var succeeded, failed []*batchv1.Job
	for _, j := range jobs {
		switch t, _ := finishedCondition(j); t {
		case batchv1.JobComplete:
			succeeded = append(succeeded, j)
		case batchv1.JobFailed:
			failed = append(failed, j)
		}
	}
	changed := false
	if limit := cj.Spec.SuccessfulJobsHistoryLimit; limit != nil && c.removeOldest(ctx, cj, succeeded, int(*limit)) {
		changed = true
	}
	if limit := cj.Spec.FailedJobsHistoryLimit; limit != nil && c.removeOldest(ctx, cj, failed, int(*limit)) {
		changed = true
	}
	return changed
}

// removeOldest deletes the Jobs that started first until keep are left.
func (c *Controller) removeOldest(ctx context.Context, cj *batchv1.CronJob, jobs []*batchv1.Job, keep int) bool {
	if len(jobs) <= keep {
		return false
	}
	sort.SliceStable(jobs, func(i, j int) bool { return startedBefore(jobs[i], jobs[j]) })
	changed := false
	for _, j := range jobs[:len(jobs)-keep] {
		if c.deleteJob(ctx, cj, j) {
			changed = true
		}
	}
	return changed
}

// startedBefore orders Jobs by start time, those not started last, then by name.
func startedBefore(a, b *batchv1.Job) bool {
	sa, sb := a.Status.StartTime, b.Status.StartTime
	switch {
	case sa == nil && sb != nil:
		return false
	case sa != nil && sb == nil:
		return true
	case sa == nil || sa.Equal(sb):
		return a.Name < b.Name
	}
	return sa.Before(sb)
}
