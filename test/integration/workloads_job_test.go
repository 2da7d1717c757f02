package integration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

// jobPods waits until the Job has want pods that are not finished and returns all its pods.
func jobPods(t *testing.T, client kubernetes.Interface, ns, job string, want int) []corev1.Pod {
	t.Helper()
	var pods []corev1.Pod
	eventually(t, func() error {
		list, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
		if err != nil {
			return err
		}
		running := 0
		for _, p := range list.Items {
			if p.Status.Phase != corev1.PodSucceeded && p.Status.Phase != corev1.PodFailed && p.DeletionTimestamp == nil {
				running++
			}
		}
		if running != want {
			return fmt.Errorf("job %s has %d running pods, want %d", job, running, want)
		}
		pods = list.Items
		return nil
	})
	return pods
}

// runningPods returns the pods that have not finished.
func runningPods(pods []corev1.Pod) []corev1.Pod {
	var out []corev1.Pod
	for _, p := range pods {
		if p.Status.Phase != corev1.PodSucceeded && p.Status.Phase != corev1.PodFailed {
			out = append(out, p)
		}
	}
	return out
}

// finishPod stands in for the kubelet: it writes that the pod's containers exited with code, and
// the pod Succeeded (code 0) or Failed.
func finishPod(t *testing.T, client kubernetes.Interface, pod corev1.Pod, code int32) {
	t.Helper()
	ctx := context.Background()
	pods := client.CoreV1().Pods(pod.Namespace)
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := pods.Get(ctx, pod.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		now := metav1.Now()
		p.Status.Phase = corev1.PodSucceeded
		if code != 0 {
			p.Status.Phase = corev1.PodFailed
		}
		p.Status.ContainerStatuses = nil
		for _, c := range p.Spec.Containers {
			p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image,
				State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code, StartedAt: now, FinishedAt: now}},
			})
		}
		_, err = pods.UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("finishing pod %s: %v", pod.Name, err)
	}
}

// waitJobStatus waits until check accepts the Job, and returns it.
func waitJobStatus(t *testing.T, client kubernetes.Interface, ns, name string, check func(*batchv1.Job) error) *batchv1.Job {
	t.Helper()
	var job *batchv1.Job
	eventually(t, func() error {
		var err error
		if job, err = client.BatchV1().Jobs(ns).Get(context.Background(), name, metav1.GetOptions{}); err != nil {
			return err
		}
		return check(job)
	})
	return job
}

// waitJob waits until the Job has a true condition of type cond and returns it.
func waitJob(t *testing.T, client kubernetes.Interface, ns, name string, cond batchv1.JobConditionType) *batchv1.Job {
	t.Helper()
	return waitJobStatus(t, client, ns, name, func(job *batchv1.Job) error {
		if c := jobCondition(job, cond); c == nil || c.Status != corev1.ConditionTrue {
			return fmt.Errorf("job %s has no %s=True condition: %+v", name, cond, job.Status)
		}
		return nil
	})
}

// indexedJob is an Indexed Job with n completions, all run in parallel.
func indexedJob(name string, n int32) *batchv1.Job {
	job := batchJob(name)
	job.Spec.CompletionMode = ptr(batchv1.IndexedCompletion)
	job.Spec.Completions = ptr(n)
	job.Spec.Parallelism = ptr(n)
	return job
}

// runJob creates namespace ns, named after the test's feature, and job in it.
func runJob(t *testing.T, client kubernetes.Interface, ns string, job *batchv1.Job) *batchv1.Job {
	t.Helper()
	createNamespace(t, client, ns)
	created, err := client.BatchV1().Jobs(ns).Create(context.Background(), job, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return created
}

func jobCondition(job *batchv1.Job, t batchv1.JobConditionType) *batchv1.JobCondition {
	for i, c := range job.Status.Conditions {
		if c.Type == t {
			return &job.Status.Conditions[i]
		}
	}
	return nil
}

// expectEnding checks that the Job's interim condition and the terminal one it led to are both
// true with reason and message.
func expectEnding(t *testing.T, job *batchv1.Job, interim, terminal batchv1.JobConditionType, reason, message string) {
	t.Helper()
	for _, ct := range []batchv1.JobConditionType{interim, terminal} {
		if c := jobCondition(job, ct); c == nil || c.Status != corev1.ConditionTrue || c.Reason != reason || c.Message != message {
			t.Errorf("%s condition %+v, want True, %s, %q", ct, c, reason, message)
		}
	}
}

// expectEvent waits for an event about the object with reason and message.
func expectEvent(t *testing.T, client kubernetes.Interface, ns, kind, name, reason, message string) {
	t.Helper()
	eventually(t, func() error {
		sel := fields.Set{"involvedObject.kind": kind, "involvedObject.name": name, "reason": reason}.String()
		list, err := client.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{FieldSelector: sel})
		if err != nil {
			return err
		}
		var got []string
		for _, e := range list.Items {
			if e.Message == message {
				return nil
			}
			got = append(got, e.Message)
		}
		return fmt.Errorf("no %s event %q for %s %s; have %q", reason, message, kind, name, got)
	})
}

// expectFinalizersGone waits until no pod of the Job keeps the tracking finalizer.
func expectFinalizersGone(t *testing.T, client kubernetes.Interface, ns, job string) {
	t.Helper()
	eventually(t, func() error {
		list, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
		if err != nil {
			return err
		}
		for _, p := range list.Items {
			for _, f := range p.Finalizers {
				if f == batchv1.JobTrackingFinalizer {
					return fmt.Errorf("pod %s still has the tracking finalizer", p.Name)
				}
			}
		}
		return nil
	})
}

func TestJobCompletesNonIndexed(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-nonindexed"
	job := batchJob("pi")
	job.Spec.Completions = ptr[int32](3)
	job.Spec.Parallelism = ptr[int32](2)
	job = runJob(t, client, ns, job)

	pods := jobPods(t, client, ns, "pi", 2)
	for _, p := range pods {
		ref := metav1.GetControllerOf(&p)
		if ref == nil || ref.UID != job.UID || ref.Kind != "Job" || ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion {
			t.Errorf("pod %s controller reference %+v, want the Job blocking its deletion", p.Name, ref)
		}
		if !strings.HasPrefix(p.Name, "pi-") || len(p.Finalizers) != 1 || p.Finalizers[0] != batchv1.JobTrackingFinalizer {
			t.Errorf("pod %s finalizers %v, want a pi- name and only %s", p.Name, p.Finalizers, batchv1.JobTrackingFinalizer)
		}
	}
	waitJobStatus(t, client, ns, "pi", func(j *batchv1.Job) error {
		if j.Status.Active != 2 || j.Status.StartTime == nil || j.Status.Ready == nil || *j.Status.Ready != 0 {
			return fmt.Errorf("status %+v, want 2 active, none ready, a start time", j.Status)
		}
		return nil
	})
	for _, p := range pods {
		finishPod(t, client, p, 0)
	}
	// Two of three completions: one more pod, no more.
	last := runningPods(jobPods(t, client, ns, "pi", 1))
	finishPod(t, client, last[0], 0)

	done := waitJob(t, client, ns, "pi", batchv1.JobComplete)
	expectEnding(t, done, batchv1.JobSuccessCriteriaMet, batchv1.JobComplete, batchv1.JobReasonCompletionsReached, "Reached expected number of succeeded pods")
	u := done.Status.UncountedTerminatedPods
	if done.Status.Succeeded != 3 || done.Status.Failed != 0 || done.Status.Active != 0 || done.Status.CompletionTime == nil ||
		u == nil || len(u.Succeeded)+len(u.Failed) != 0 {
		t.Errorf("status %+v, want 3 succeeded, a completion time, nothing uncounted", done.Status)
	}
	expectFinalizersGone(t, client, ns, "pi")
	expectEvent(t, client, ns, "Job", "pi", "Completed", "Job completed")
	expectEvent(t, client, ns, "Job", "pi", "SuccessfulCreate", "Created pod: "+last[0].Name)
}

func TestJobCompletesIndexed(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-indexed"
	job := indexedJob("idx", 3)
	runJob(t, client, ns, job)
	pods := jobPods(t, client, ns, "idx", 3)
	seen := map[string]bool{}
	for _, p := range pods {
		ix := p.Annotations[batchv1.JobCompletionIndexAnnotation]
		seen[ix] = true
		if p.Labels[batchv1.JobCompletionIndexAnnotation] != ix || p.Spec.Hostname != "idx-"+ix || !strings.HasPrefix(p.Name, "idx-"+ix+"-") {
			t.Errorf("pod %s: index label %q, hostname %q; want index %s everywhere", p.Name, p.Labels[batchv1.JobCompletionIndexAnnotation], p.Spec.Hostname, ix)
		}
		env := p.Spec.Containers[0].Env
		if len(env) != 1 || env[0].Name != "JOB_COMPLETION_INDEX" || env[0].ValueFrom == nil || env[0].ValueFrom.FieldRef == nil ||
			env[0].ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
			t.Errorf("pod %s env %+v, want JOB_COMPLETION_INDEX from the annotation", p.Name, env)
		}
	}
	if !seen["0"] || !seen["1"] || !seen["2"] {
		t.Fatalf("indexes %v, want 0, 1 and 2", seen)
	}
	byIndex := map[string]corev1.Pod{}
	for _, p := range pods {
		byIndex[p.Annotations[batchv1.JobCompletionIndexAnnotation]] = p
	}
	finishPod(t, client, byIndex["0"], 0)
	finishPod(t, client, byIndex["2"], 0)
	waitJobStatus(t, client, ns, "idx", func(j *batchv1.Job) error {
		if j.Status.CompletedIndexes != "0,2" || j.Status.Succeeded != 2 {
			return fmt.Errorf("completedIndexes %q, succeeded %d; want 0,2 and 2", j.Status.CompletedIndexes, j.Status.Succeeded)
		}
		return nil
	})
	finishPod(t, client, byIndex["1"], 0)
	done := waitJob(t, client, ns, "idx", batchv1.JobComplete)
	if done.Status.CompletedIndexes != "0-2" || done.Status.Succeeded != 3 {
		t.Errorf("completedIndexes %q, succeeded %d; want 0-2 and 3", done.Status.CompletedIndexes, done.Status.Succeeded)
	}
	expectFinalizersGone(t, client, ns, "idx")
}

func TestJobBackoffLimitExceeded(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-backoff"
	job := batchJob("flaky")
	job.Spec.BackoffLimit = ptr[int32](1)
	runJob(t, client, ns, job)
	first := jobPods(t, client, ns, "flaky", 1)
	finishPod(t, client, first[0], 1)
	// One failure is within the limit: a replacement follows after the backoff.
	second := runningPods(jobPods(t, client, ns, "flaky", 1))
	finishPod(t, client, second[0], 1)

	failed := waitJob(t, client, ns, "flaky", batchv1.JobFailed)
	expectEnding(t, failed, batchv1.JobFailureTarget, batchv1.JobFailed, batchv1.JobReasonBackoffLimitExceeded, "Job has reached the specified backoff limit")
	if failed.Status.Failed != 2 || failed.Status.Active != 0 || failed.Status.CompletionTime != nil {
		t.Errorf("status %+v, want 2 failed, none active, no completion time", failed.Status)
	}
	expectFinalizersGone(t, client, ns, "flaky")
	expectEvent(t, client, ns, "Job", "flaky", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
}

func TestJobPodFailurePolicyFailJob(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-failurepolicy"
	job := batchJob("policy")
	job.Spec.Completions = ptr[int32](2)
	job.Spec.Parallelism = ptr[int32](2)
	job.Spec.PodFailurePolicy = &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{
		{Action: batchv1.PodFailurePolicyActionIgnore, OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue}}},
		{Action: batchv1.PodFailurePolicyActionFailJob, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{
			ContainerName: ptr("pi"), Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{42},
		}},
	}}
	runJob(t, client, ns, job)
	pods := jobPods(t, client, ns, "policy", 2)
	finishPod(t, client, pods[0], 42)

	failed := waitJob(t, client, ns, "policy", batchv1.JobFailed)
	want := fmt.Sprintf("Container pi for pod %s/%s failed with exit code 42 matching FailJob rule at index 1", ns, pods[0].Name)
	expectEnding(t, failed, batchv1.JobFailureTarget, batchv1.JobFailed, batchv1.JobReasonPodFailurePolicy, want)
	// The other pod, still running, is deleted, and counts as failed too.
	if failed.Status.Failed != 2 || failed.Status.Active != 0 {
		t.Errorf("status %+v, want 2 failed and none active", failed.Status)
	}
	eventually(t, func() error {
		_, err := client.CoreV1().Pods(ns).Get(context.Background(), pods[1].Name, metav1.GetOptions{})
		if err == nil {
			return fmt.Errorf("pod %s still exists", pods[1].Name)
		}
		return nil
	})
	expectEvent(t, client, ns, "Job", "policy", "PodFailurePolicy", want)
}

func TestJobSuspendAndResume(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-suspend"
	jobs := client.BatchV1().Jobs(ns)
	ctx := context.Background()
	job := batchJob("paused")
	job.Spec.Suspend = ptr(true)
	job.Spec.Parallelism = ptr[int32](2)
	job.Spec.Completions = ptr[int32](2)
	runJob(t, client, ns, job)
	suspended := waitJob(t, client, ns, "paused", batchv1.JobSuspended)
	if c := jobCondition(suspended, batchv1.JobSuspended); c.Reason != "JobSuspended" || c.Message != "Job suspended" || suspended.Status.StartTime != nil {
		t.Errorf("condition %+v, start time %v; want JobSuspended and no start time", c, suspended.Status.StartTime)
	}
	expectEvent(t, client, ns, "Job", "paused", "Suspended", "Job suspended")
	if list, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err != nil || len(list.Items) != 0 {
		t.Fatalf("pods of a suspended job: %v, %v; want none", list, err)
	}

	setSuspend := func(v bool) {
		t.Helper()
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			j, err := jobs.Get(ctx, "paused", metav1.GetOptions{})
			if err != nil {
				return err
			}
			j.Spec.Suspend = ptr(v)
			_, err = jobs.Update(ctx, j, metav1.UpdateOptions{})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	setSuspend(false)
	jobPods(t, client, ns, "paused", 2)
	waitJobStatus(t, client, ns, "paused", func(j *batchv1.Job) error {
		if c := jobCondition(j, batchv1.JobSuspended); c == nil || c.Status != corev1.ConditionFalse || c.Reason != "JobResumed" || j.Status.StartTime == nil {
			return fmt.Errorf("condition %+v, start time %v; want JobSuspended=False JobResumed and a start time", c, j.Status.StartTime)
		}
		return nil
	})
	expectEvent(t, client, ns, "Job", "paused", "Resumed", "Job resumed")

	setSuspend(true)
	jobPods(t, client, ns, "paused", 0)
	waitJobStatus(t, client, ns, "paused", func(j *batchv1.Job) error {
		if c := jobCondition(j, batchv1.JobSuspended); c == nil || c.Status != corev1.ConditionTrue || j.Status.Active != 0 || j.Status.Failed != 0 {
			return fmt.Errorf("status %+v, want suspended again, nothing active, nothing failed", j.Status)
		}
		return nil
	})
}

// TestCronJobCreatesJob waits for a CronJob that fires every minute to create its Job, named after
// the scheduled minute, and for that Job to create its pod. It waits up to a schedule tick, so it
// runs beside the package's other parallel tests.
func TestCronJobCreatesJob(t *testing.T) {
	t.Parallel()
	client := jsonClient(t)
	const ns = "cronjob-tick"
	createNamespace(t, client, ns)
	ctx := context.Background()
	cj := batchCronJob("tick", "* * * * *")
	cj.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent
	cj.Spec.JobTemplate.Labels = map[string]string{"team": "a"}
	cj, err := client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var job batchv1.Job
	err = wait.PollUntilContextTimeout(ctx, time.Second, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		list, err := client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil || len(list.Items) == 0 {
			return false, err
		}
		job = list.Items[0]
		return true, nil
	})
	if err != nil {
		t.Fatalf("no Job within two minutes: %v", err)
	}
	scheduled, err := time.Parse(time.RFC3339, job.Annotations[batchv1.CronJobScheduledTimestampAnnotation])
	if err != nil {
		t.Fatalf("scheduled timestamp annotation: %v", err)
	}
	if want := fmt.Sprintf("tick-%d", scheduled.Unix()/60); job.Name != want || scheduled.Second() != 0 {
		t.Errorf("job %s scheduled at %s, want %s on a whole minute", job.Name, scheduled, want)
	}
	if ref := metav1.GetControllerOf(&job); ref == nil || ref.UID != cj.UID || job.Labels["team"] != "a" {
		t.Errorf("job controller %+v, labels %v; want the CronJob and the template's labels", ref, job.Labels)
	}
	eventually(t, func() error {
		got, err := client.BatchV1().CronJobs(ns).Get(ctx, "tick", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if len(got.Status.Active) != 1 || got.Status.Active[0].Name != job.Name || got.Status.LastScheduleTime == nil || !got.Status.LastScheduleTime.Time.Equal(scheduled) {
			return fmt.Errorf("status %+v, want job %s active, scheduled at %s", got.Status, job.Name, scheduled)
		}
		return nil
	})
	expectEvent(t, client, ns, "CronJob", "tick", "SuccessfulCreate", "Created job "+job.Name)
	jobPods(t, client, ns, job.Name, 1)
}

func TestJobBackoffLimitPerIndex(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-perindex"
	job := indexedJob("per-index", 2)
	job.Spec.BackoffLimitPerIndex = ptr[int32](1)
	runJob(t, client, ns, job)
	podOf := func(pods []corev1.Pod, index string) corev1.Pod {
		t.Helper()
		for _, p := range runningPods(pods) {
			if p.Annotations[batchv1.JobCompletionIndexAnnotation] == index {
				return p
			}
		}
		t.Fatalf("no running pod of index %s", index)
		return corev1.Pod{}
	}
	pods := jobPods(t, client, ns, "per-index", 2)
	first := podOf(pods, "0")
	if first.Annotations[batchv1.JobIndexFailureCountAnnotation] != "0" {
		t.Errorf("pod %s failure count %q, want 0", first.Name, first.Annotations[batchv1.JobIndexFailureCountAnnotation])
	}
	finishPod(t, client, first, 1)
	// One failure of index 0 is within its limit: after the backoff a replacement counts it.
	second := podOf(jobPods(t, client, ns, "per-index", 2), "0")
	if second.Annotations[batchv1.JobIndexFailureCountAnnotation] != "1" {
		t.Errorf("replacement %s failure count %q, want 1", second.Name, second.Annotations[batchv1.JobIndexFailureCountAnnotation])
	}
	finishPod(t, client, second, 1)
	waitJobStatus(t, client, ns, "per-index", func(j *batchv1.Job) error {
		if j.Status.FailedIndexes == nil || *j.Status.FailedIndexes != "0" || j.Status.Failed != 2 {
			return fmt.Errorf("failedIndexes %v, failed %d; want index 0 and 2", j.Status.FailedIndexes, j.Status.Failed)
		}
		return nil
	})
	// Index 1 still runs: a failed index ends the Job only once every index is done.
	finishPod(t, client, podOf(pods, "1"), 0)
	failed := waitJob(t, client, ns, "per-index", batchv1.JobFailed)
	expectEnding(t, failed, batchv1.JobFailureTarget, batchv1.JobFailed, batchv1.JobReasonFailedIndexes, "Job has failed indexes")
	if failed.Status.CompletedIndexes != "1" || failed.Status.Succeeded != 1 {
		t.Errorf("status %+v, want index 1 completed", failed.Status)
	}
}

func TestJobActiveDeadline(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-deadline"
	job := batchJob("slow")
	job.Spec.ActiveDeadlineSeconds = ptr[int64](2)
	runJob(t, client, ns, job)
	jobPods(t, client, ns, "slow", 1)
	failed := waitJob(t, client, ns, "slow", batchv1.JobFailed)
	expectEnding(t, failed, batchv1.JobFailureTarget, batchv1.JobFailed, batchv1.JobReasonDeadlineExceeded, "Job was active longer than specified deadline")
	if failed.Status.Active != 0 || failed.Status.Failed != 1 {
		t.Errorf("status %+v, want the running pod deleted and counted as failed", failed.Status)
	}
	expectEvent(t, client, ns, "Job", "slow", "DeadlineExceeded", "Job was active longer than specified deadline")
}

func TestJobSuccessPolicy(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-successpolicy"
	job := indexedJob("leader", 3)
	job.Spec.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr("0")}}}
	runJob(t, client, ns, job)
	for _, p := range jobPods(t, client, ns, "leader", 3) {
		if p.Annotations[batchv1.JobCompletionIndexAnnotation] == "0" {
			finishPod(t, client, p, 0)
		}
	}
	done := waitJob(t, client, ns, "leader", batchv1.JobComplete)
	expectEnding(t, done, batchv1.JobSuccessCriteriaMet, batchv1.JobComplete, batchv1.JobReasonSuccessPolicy, "Matched rules at index 0")
	if done.Status.CompletedIndexes != "0" || done.Status.Active != 0 {
		t.Errorf("status %+v, want index 0 completed and the other pods gone", done.Status)
	}
	jobPods(t, client, ns, "leader", 0)
}

func TestJobAdoptsOrphanPod(t *testing.T) {
	client := jsonClient(t)
	const ns = "job-adopt"
	createNamespace(t, client, ns)
	orphan := simplePod("orphan", "perl:5.34")
	orphan.Labels = map[string]string{"app": "adopt"}
	orphan.Spec.RestartPolicy = corev1.RestartPolicyNever
	if _, err := client.CoreV1().Pods(ns).Create(context.Background(), orphan, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	job := batchJob("adopter")
	job.Spec.ManualSelector = ptr(true)
	job.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "adopt"}}
	job.Spec.Template.Labels = map[string]string{"app": "adopt"}
	job, err := client.BatchV1().Jobs(ns).Create(context.Background(), job, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var adopted *corev1.Pod
	eventually(t, func() error {
		var err error
		if adopted, err = client.CoreV1().Pods(ns).Get(context.Background(), "orphan", metav1.GetOptions{}); err != nil {
			return err
		}
		if ref := metav1.GetControllerOf(adopted); ref == nil || ref.UID != job.UID || !slices.Contains(adopted.Finalizers, batchv1.JobTrackingFinalizer) {
			return fmt.Errorf("pod controller %+v, finalizers %v; want the Job and its tracking finalizer", ref, adopted.Finalizers)
		}
		return nil
	})
	// The adopted pod is the Job's one pod: finishing it completes the Job.
	finishPod(t, client, *adopted, 0)
	done := waitJob(t, client, ns, "adopter", batchv1.JobComplete)
	if list, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{}); err != nil || len(list.Items) != 1 || done.Status.Succeeded != 1 {
		t.Errorf("pods %d, succeeded %d, %v; want the adopted pod alone", len(list.Items), done.Status.Succeeded, err)
	}
}
