package job

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// maxGeneratedNameLength is how long a generateName may be before the server's random suffix.
const maxGeneratedNameLength = 63 - 5

// manage creates and deletes pods so that as many run as the Job's parallelism and remaining
// completions allow, and returns how many are active then.
func (c *Controller) manage(ctx context.Context, jc *syncCtx) (int32, error) {
	job := jc.job
	active := int32(len(jc.active))
	if ptr.Deref(job.Spec.Suspend, false) {
		removed, removedReady, err := c.deletePods(ctx, job, jc.key, jc.active, true)
		jc.ready -= removedReady
		jc.terminating += removed
		return active - removed, err
	}
	parallelism := ptr.Deref(job.Spec.Parallelism, 1)
	succeeded := jc.succeeded
	if isIndexed(job) {
		succeeded = int32(jc.succeededIndexes.Len())
	}
	var wantActive int32
	switch {
	case job.Spec.Completions == nil && succeeded > 0:
		// Once one pod succeeded, the others finish on their own.
		wantActive = active
	case job.Spec.Completions == nil:
		wantActive = parallelism
	default:
		wantActive = max(min(*job.Spec.Completions-succeeded, parallelism), 0)
	}

	toDelete := c.podsToDelete(jc, int(max(active-wantActive, 0)))
	if len(toDelete) > 0 {
		removed, removedReady, err := c.deletePods(ctx, job, jc.key, toDelete, true)
		jc.ready -= removedReady
		jc.terminating += removed
		return active - removed, err
	}
	diff := wantActive - active
	if replacesOnlyFailed(job) {
		diff -= jc.terminating
	}
	if diff <= 0 {
		return active, nil
	}
	// With backoffLimitPerIndex each index backs off on its own.
	if job.Spec.BackoffLimitPerIndex == nil {
		if left := remaining(c.clock, jc.backoff.failures, jc.backoff.lastFailure); left > 0 {
			c.queue.AddAfter(jc.key, left)
			return active, nil
		}
	}
	diff = min(diff, maxPodChangesPerSync)
	templates := make([]*corev1.PodTemplateSpec, 0, diff)
	if isIndexed(job) {
		for _, ix := range c.indexesToStart(jc, int(diff)) {
			templates = append(templates, indexedTemplate(job, ix, jc.lastFailed[ix]))
		}
	} else {
		t := baseTemplate(job)
		for range diff {
			templates = append(templates, t)
		}
	}
	created, err := c.createPods(ctx, job, jc.key, templates)
	return active + created, err
}

// createPods creates a pod from each template in slow-start batches, giving up on the rest after a
// batch with a failure, and returns how many it created.
func (c *Controller) createPods(ctx context.Context, job *batchv1.Job, key string, templates []*corev1.PodTemplateSpec) (int32, error) {
	if len(templates) == 0 {
		return 0, nil
	}
	c.expected.ExpectCreations(key, len(templates))
	var attempted atomic.Int32
	created, err := podcontrol.SlowStartBatch(len(templates), podcontrol.SlowStartInitialBatchSize, func(i int) error {
		attempted.Add(1)
		t := templates[i]
		var opts []func(*corev1.Pod)
		if ix, ok := t.Annotations[batchv1.JobCompletionIndexAnnotation]; ok {
			opts = append(opts, podcontrol.WithGenerateName(indexedGenerateName(job.Name, ix)))
		}
		if _, err := c.pods.CreatePod(ctx, job, controllerKind, t, opts...); err != nil {
			c.expected.CreationObserved(key)
			return err
		}
		return nil
	})
	if skipped := len(templates) - int(attempted.Load()); skipped > 0 {
		c.expected.CreationsSkipped(key, skipped)
	}
	if apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
		// Every further creation would fail too; the namespace's deletion takes the Job.
		err = nil
	}
	return int32(created), err
}

// indexedGenerateName is "<job>-<index>-", the Job's name shortened to leave room for the rest.
func indexedGenerateName(jobName, index string) string {
	suffix := "-" + index + "-"
	if len(jobName)+len(suffix) > maxGeneratedNameLength {
		jobName = jobName[:maxGeneratedNameLength-len(suffix)]
	}
	return jobName + suffix
}

// baseTemplate is the Job's pod template with the tracking finalizer.
func baseTemplate(job *batchv1.Job) *corev1.PodTemplateSpec {
	t := job.Spec.Template.DeepCopy()
	if !slices.Contains(t.Finalizers, batchv1.JobTrackingFinalizer) {
		t.Finalizers = append(t.Finalizers, batchv1.JobTrackingFinalizer)
	}
	return t
}

// indexedTemplate is the template of index ix's next pod: its index in an annotation, a label and
// the JOB_COMPLETION_INDEX variable, the hostname <job>-<index>, and with backoffLimitPerIndex the
// index's failures so far, counted on from last, the index's last failed pod.
func indexedTemplate(job *batchv1.Job, ix int, last *corev1.Pod) *corev1.PodTemplateSpec {
	t := baseTemplate(job)
	index := strconv.Itoa(ix)
	if t.Annotations == nil {
		t.Annotations = map[string]string{}
	}
	if t.Labels == nil {
		t.Labels = map[string]string{}
	}
	t.Annotations[batchv1.JobCompletionIndexAnnotation] = index
	t.Labels[batchv1.JobCompletionIndexAnnotation] = index
	t.Spec.Hostname = fmt.Sprintf("%s-%d", job.Name, ix)
	env := corev1.EnvVar{Name: "JOB_COMPLETION_INDEX", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{
		FieldPath: fmt.Sprintf("metadata.annotations['%s']", batchv1.JobCompletionIndexAnnotation),
	}}}
	for _, containers := range [][]corev1.Container{t.Spec.InitContainers, t.Spec.Containers} {
		for i := range containers {
			containers[i].Env = append(containers[i].Env, env)
		}
	}
	if job.Spec.BackoffLimitPerIndex != nil {
		failures, ignored := int32(0), int32(0)
		if last != nil {
			failures = annotationCount(last, batchv1.JobIndexFailureCountAnnotation)
			ignored = annotationCount(last, batchv1.JobIndexIgnoredFailureCountAnnotation)
			if matchFailurePolicy(job.Spec.PodFailurePolicy, last).counts() {
				failures++
			} else {
				ignored++
			}
		}
		t.Annotations[batchv1.JobIndexFailureCountAnnotation] = strconv.Itoa(int(failures))
		if ignored > 0 {
			t.Annotations[batchv1.JobIndexIgnoredFailureCountAnnotation] = strconv.Itoa(int(ignored))
		}
	}
	return t
}

// indexesToStart returns those of the first count indexes that need a pod whose backoff, with
// backoffLimitPerIndex, is over.
func (c *Controller) indexesToStart(jc *syncCtx, count int) []int {
	job := jc.job
	done := jc.succeededIndexes.Union(jc.failedIndexes)
	busy := indexSet{}
	for _, p := range jc.pods {
		ix := validIndex(job, p)
		if ix == noIndex {
			continue
		}
		if podcontrol.IsActive(p) || (replacesOnlyFailed(job) && podcontrol.IsTerminating(p)) {
			busy.Insert(ix)
		}
	}
	completions := int(ptr.Deref(job.Spec.Completions, 0))
	if job.Spec.BackoffLimitPerIndex == nil {
		return pendingIndexes(completions, count, done, busy)
	}
	var out []int
	var wait time.Duration
	for _, ix := range pendingIndexes(completions, count, done, busy) {
		if last := jc.lastFailed[ix]; last != nil {
			if left := remaining(c.clock, absoluteFailures(last)+1, finishedAt(last)); left > 0 {
				if wait == 0 || left < wait {
					wait = left
				}
				continue
			}
		}
		out = append(out, ix)
	}
	// The indexes still backing off are looked at again when the first of them may start, or,
	// when others start now, once their pods show up.
	if len(out) == 0 && wait > 0 {
		c.queue.AddAfter(jc.key, wait)
	}
	return out
}

// podsToDelete returns the active pods to remove: in an Indexed Job those whose index is invalid,
// taken by another pod, or already done; then, at least, the first atLeast by deletion rank.
func (c *Controller) podsToDelete(jc *syncCtx, atLeast int) []*corev1.Pod {
	job := jc.job
	var out, rest []*corev1.Pod
	if isIndexed(job) {
		// Of several pods of one index, the one that ranks last for deletion stays.
		ranked := append([]*corev1.Pod(nil), jc.active...)
		podcontrol.SortForDeletion(ranked, jc.pods, c.clock.Now())
		seen := indexSet{}
		for _, p := range slices.Backward(ranked) {
			ix := validIndex(job, p)
			if ix == noIndex || seen.Has(ix) || jc.succeededIndexes.Has(ix) || jc.failedIndexes.Has(ix) {
				out = append(out, p)
				continue
			}
			seen.Insert(ix)
			rest = append(rest, p)
		}
	} else {
		rest = append(rest, jc.active...)
	}
	if n := atLeast - len(out); n > 0 {
		podcontrol.SortForDeletion(rest, jc.pods, c.clock.Now())
		out = append(out, rest[:min(n, len(rest))]...)
	}
	return out[:min(len(out), maxPodChangesPerSync)]
}

// deletePods deletes pods, and returns how many went and how many of those were ready. With
// release it first removes their tracking finalizer, so that they do not count as failures, as
// for pods a suspension or scale-down removes; the pods of a failing Job keep it and are counted.
func (c *Controller) deletePods(ctx context.Context, job *batchv1.Job, key string, pods []*corev1.Pod, release bool) (int32, int32, error) {
	if len(pods) == 0 {
		return 0, 0, nil
	}
	podKeys := make([]string, 0, len(pods))
	for _, p := range pods {
		podKeys = append(podKeys, podcontrol.PodKey(p))
	}
	c.expected.ExpectDeletions(key, podKeys)
	var removed, removedReady atomic.Int32
	errs := make([]error, len(pods))
	var wg sync.WaitGroup
	for i, pod := range pods {
		wg.Go(func() {
			if release && hasTrackingFinalizer(pod) {
				if err := c.pods.PatchPod(ctx, pod, removeFinalizerPatch); err != nil && !apierrors.IsNotFound(err) {
					c.expected.DeletionObserved(key, podKeys[i])
					errs[i] = err
					return
				}
			}
			if err := c.pods.DeletePod(ctx, job, pod.Name); err != nil {
				c.expected.DeletionObserved(key, podKeys[i])
				if !apierrors.IsNotFound(err) {
					errs[i] = err
					return
				}
			}
			removed.Add(1)
			if podcontrol.IsReady(pod) {
				removedReady.Add(1)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return removed.Load(), removedReady.Load(), err
		}
	}
	return removed.Load(), removedReady.Load(), nil
}
