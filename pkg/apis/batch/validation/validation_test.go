package validation

import (
	"sort"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/batch"
)

// errorsAre compares the rendered errors with want, in any order.
func errorsAre(t *testing.T, got field.ErrorList, want ...string) {
	t.Helper()
	var gotStrs []string
	for _, e := range got {
		gotStrs = append(gotStrs, e.Error())
	}
	sort.Strings(gotStrs)
	sort.Strings(want)
	if strings.Join(gotStrs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(gotStrs, "\n  "), strings.Join(want, "\n  "))
	}
}

const uid = types.UID("1234")

// validJob is a job as defaulting and the strategy's generated selector leave it.
func validJob() *batchv1.Job {
	labels := map[string]string{
		batch.LegacyControllerUIDLabel: string(uid), batch.LegacyJobNameLabel: "pi",
		batchv1.ControllerUidLabel: string(uid), batchv1.JobNameLabel: "pi",
	}
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "pi", Namespace: "default", UID: uid, ResourceVersion: "1"},
		Spec: batchv1.JobSpec{
			Completions:    ptr.To[int32](1),
			Parallelism:    ptr.To[int32](1),
			BackoffLimit:   ptr.To[int32](6),
			CompletionMode: ptr.To(batchv1.NonIndexedCompletion),
			Suspend:        ptr.To(false),
			ManualSelector: ptr.To(false),
			Selector:       &metav1.LabelSelector{MatchLabels: map[string]string{batchv1.ControllerUidLabel: string(uid)}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					RestartPolicy:                 corev1.RestartPolicyNever,
					DNSPolicy:                     corev1.DNSClusterFirst,
					TerminationGracePeriodSeconds: ptr.To[int64](30),
					SchedulerName:                 corev1.DefaultSchedulerName,
					SecurityContext:               &corev1.PodSecurityContext{},
					Containers: []corev1.Container{{
						Name: "pi", Image: "perl", ImagePullPolicy: corev1.PullAlways,
						TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
					}},
				},
			},
		},
	}
}

func TestBatchValidateJob(t *testing.T) {
	opts := JobOptions{RequirePrefixedLabels: true}
	for _, tc := range []struct {
		name   string
		mutate func(*batchv1.Job)
		want   []string
	}{
		{name: "valid", mutate: func(*batchv1.Job) {}},
		{name: "restart always", mutate: func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways },
			want: []string{`spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`}},
		{name: "negative counts", mutate: func(j *batchv1.Job) { j.Spec.Parallelism = ptr.To[int32](-1); j.Spec.BackoffLimit = ptr.To[int32](-1) },
			want: []string{`spec.parallelism: Invalid value: -1: must be greater than or equal to 0`, `spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0`}},
		{name: "wrong generated label", mutate: func(j *batchv1.Job) { j.Spec.Template.Labels[batchv1.JobNameLabel] = "other" },
			want: []string{`spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: {"batch.kubernetes.io/controller-uid":"1234","batch.kubernetes.io/job-name":"other","controller-uid":"1234","job-name":"pi"}: must be 'pi'`}},
		{name: "selector not auto-generated", mutate: func(j *batchv1.Job) { j.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel] = "5678" },
			want: []string{"spec.selector: Invalid value: {\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"5678\"}}: `selector` not auto-generated",
				"spec.template.metadata.labels: Invalid value: {\"batch.kubernetes.io/controller-uid\":\"1234\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"1234\",\"job-name\":\"pi\"}: `selector` does not match template `labels`"}},
		{name: "selector not matching labels", mutate: func(j *batchv1.Job) {
			j.Spec.ManualSelector = ptr.To(true)
			j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
		}, want: []string{"spec.template.metadata.labels: Invalid value: {\"batch.kubernetes.io/controller-uid\":\"1234\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"1234\",\"job-name\":\"pi\"}: `selector` does not match template `labels`"}},
		{name: "manual without selector", mutate: func(j *batchv1.Job) { j.Spec.ManualSelector = ptr.To(true); j.Spec.Selector = nil },
			// A missing selector selects nothing, so it does not match the template either, as upstream reports.
			want: []string{"spec.selector: Required value", "spec.template.metadata.labels: Invalid value: {\"batch.kubernetes.io/controller-uid\":\"1234\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"1234\",\"job-name\":\"pi\"}: `selector` does not match template `labels`"}},
		{name: "indexed without completions", mutate: func(j *batchv1.Job) {
			j.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
			j.Spec.Completions = nil
		}, want: []string{"spec.completions: Required value: when completion mode is Indexed"}},
		{name: "per-index backoff when not indexed", mutate: func(j *batchv1.Job) { j.Spec.BackoffLimitPerIndex = ptr.To[int32](1) },
			want: []string{"spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"}},
		{name: "max failed indexes alone", mutate: func(j *batchv1.Job) {
			j.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
			j.Spec.MaxFailedIndexes = ptr.To[int32](2)
		}, want: []string{"spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified", "spec.maxFailedIndexes: Invalid value: 2: must be less than or equal to completions"}},
		{name: "indexed host name too long", mutate: func(j *batchv1.Job) {
			j.Name = strings.Repeat("a", 62)
			j.Spec.Template.Labels[batch.LegacyJobNameLabel] = j.Name
			j.Spec.Template.Labels[batchv1.JobNameLabel] = j.Name
			j.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
			j.Spec.Completions = ptr.To[int32](10)
		}, want: []string{"metadata.name: Invalid value: \"" + strings.Repeat("a", 62) + "\": will not able to create pod with invalid DNS label: " + strings.Repeat("a", 62) + "-9"}},
		{name: "pod failure policy", mutate: func(j *batchv1.Job) {
			j.Spec.PodReplacementPolicy = ptr.To(batchv1.TerminatingOrFailed)
			j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
			j.Spec.PodFailurePolicy = &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{
				{Action: batchv1.PodFailurePolicyActionFailIndex, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{
					ContainerName: ptr.To("nope"), Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{3, 0, 3},
				}},
				{Action: "Retry"},
			}}
		}, want: []string{
			`spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"`,
			`spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified`,
			`spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`,
			`spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template`,
			`spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator`,
			`spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3`,
			`spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered`,
			`spec.podFailurePolicy.rules[1].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"`,
			`spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`,
		}},
		{name: "success policy", mutate: func(j *batchv1.Job) {
			j.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
			j.Spec.Completions = ptr.To[int32](5)
			j.Spec.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{
				{SucceededIndexes: ptr.To("0-2,1"), SucceededCount: ptr.To[int32](6)},
				{},
			}}
		}, want: []string{
			`spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1`,
			`spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)`,
			`spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)`,
			`spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			job := validJob()
			tc.mutate(job)
			errorsAre(t, ValidateJob(job, opts), tc.want...)
		})
	}
}

func TestBatchValidateJobUpdate(t *testing.T) {
	old := validJob()
	changed := validJob()
	changed.Spec.Template.Spec.Containers[0].Image = "perl:5"
	changed.Spec.Selector.MatchLabels["extra"] = "x"
	changed.Spec.Template.Labels["extra"] = "x"
	changed.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
	errs := ValidateJobUpdate(changed, old, JobOptions{RequirePrefixedLabels: true})
	var fields []string
	for _, e := range errs {
		if strings.HasSuffix(e.Detail, "field is immutable") {
			fields = append(fields, e.Field)
		}
	}
	sort.Strings(fields)
	if got := strings.Join(fields, ","); got != "spec.completionMode,spec.selector,spec.template" {
		t.Errorf("immutable fields = %s, want completionMode, selector and template", got)
	}

	// A suspended job that never started may be moved to other nodes.
	old.Spec.Suspend = ptr.To(true)
	moved := old.DeepCopy()
	moved.Spec.Template.Spec.NodeSelector = map[string]string{"zone": "b"}
	moved.Spec.Template.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
	moved.Spec.Template.Annotations = map[string]string{"a": "b"}
	errorsAre(t, ValidateJobUpdate(moved, old, JobOptions{RequirePrefixedLabels: true, AllowMutableSchedulingDirectives: true}))
	if errs := ValidateJobUpdate(moved, old, JobOptions{RequirePrefixedLabels: true}); len(errs) != 1 || errs[0].Field != "spec.template" {
		t.Errorf("errors without the allowance = %v, want spec.template immutable", errs)
	}

	// An Indexed job scales by moving completions with parallelism.
	indexed := validJob()
	indexed.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion)
	scaled := indexed.DeepCopy()
	scaled.Spec.Completions = ptr.To[int32](3)
	errorsAre(t, ValidateJobUpdate(scaled, indexed, JobOptions{RequirePrefixedLabels: true}), "spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism")
	scaled.Spec.Parallelism = ptr.To[int32](3)
	errorsAre(t, ValidateJobUpdate(scaled, indexed, JobOptions{RequirePrefixedLabels: true}))
}

func TestBatchValidateJobStatusUpdate(t *testing.T) {
	old := validJob()
	old.Status = batchv1.JobStatus{Succeeded: 2, Failed: 1}
	job := old.DeepCopy()
	job.Status = batchv1.JobStatus{Succeeded: 1, Failed: 0, Active: -1, Ready: ptr.To[int32](3),
		Conditions: []batchv1.JobCondition{{Type: batchv1.JobFailed, Status: corev1.ConditionTrue}}}
	errorsAre(t, ValidateJobStatusUpdate(job, old),
		"status.active: Invalid value: -1: must be greater than or equal to 0",
		"status.succeeded: Invalid value: 1: cannot decrease the succeeded counter",
		"status.failed: Invalid value: 0: cannot decrease the failed counter",
		"status.ready: Invalid value: 3: cannot set more ready pods than active",
		"status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition",
		"status.startTime: Required value: startTime is required for finished job",
	)
}

func validCronJob() *batchv1.CronJob {
	job := validJob()
	job.Spec.Selector, job.Spec.ManualSelector, job.Spec.Template.Labels = nil, nil, nil
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "hourly", Namespace: "default"},
		Spec: batchv1.CronJobSpec{
			Schedule:                   "@hourly",
			ConcurrencyPolicy:          batchv1.AllowConcurrent,
			Suspend:                    ptr.To(false),
			SuccessfulJobsHistoryLimit: ptr.To[int32](3),
			FailedJobsHistoryLimit:     ptr.To[int32](1),
			JobTemplate:                batchv1.JobTemplateSpec{Spec: job.Spec},
		},
	}
}

func TestBatchValidateCronJob(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*batchv1.CronJob)
		want   []string
	}{
		{name: "valid", mutate: func(*batchv1.CronJob) {}},
		{name: "valid with zone", mutate: func(c *batchv1.CronJob) { c.Spec.Schedule = "0 9 * * 1-5"; c.Spec.TimeZone = ptr.To("Europe/Berlin") }},
		{name: "no schedule", mutate: func(c *batchv1.CronJob) { c.Spec.Schedule = "" }, want: []string{"spec.schedule: Required value"}},
		{name: "bad schedule", mutate: func(c *batchv1.CronJob) { c.Spec.Schedule = "0 0 * *" },
			want: []string{`spec.schedule: Invalid value: "0 0 * *": expected exactly 5 fields, found 4: [0 0 * *]`}},
		{name: "zone in schedule", mutate: func(c *batchv1.CronJob) { c.Spec.Schedule = "TZ=UTC 0 * * * *" },
			want: []string{`spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`}},
		{name: "unknown zone", mutate: func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr.To("Mars/Olympus_Mons") },
			want: []string{`spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons`}},
		{name: "zone with bad characters", mutate: func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr.To("Europe/../Berlin") },
			want: []string{`spec.timeZone: Invalid value: "Europe/../Berlin": unknown time zone Europe/../Berlin`}},
		{name: "local zone", mutate: func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr.To("Local") },
			want: []string{`spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones`}},
		{name: "empty zone", mutate: func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr.To("") },
			want: []string{`spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string`}},
		{name: "concurrency", mutate: func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = "Sometimes" },
			want: []string{`spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"`}},
		{name: "long name", mutate: func(c *batchv1.CronJob) { c.Name = strings.Repeat("c", 53) },
			want: []string{`metadata.name: Invalid value: "` + strings.Repeat("c", 53) + `": must be no more than 52 characters`}},
		{name: "template selector", mutate: func(c *batchv1.CronJob) {
			c.Spec.JobTemplate.Spec.Selector = &metav1.LabelSelector{}
			c.Spec.JobTemplate.Spec.ManualSelector = ptr.To(true)
			c.Spec.FailedJobsHistoryLimit = ptr.To[int32](-1)
		}, want: []string{
			"spec.jobTemplate.spec.selector: Invalid value: {}: `selector` will be auto-generated",
			`spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"`,
			"spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cj := validCronJob()
			tc.mutate(cj)
			errorsAre(t, ValidateCronJobCreate(cj), tc.want...)
		})
	}
}

func TestBatchValidateCronJobUpdateKeepsOldZoneSyntax(t *testing.T) {
	old := validCronJob()
	old.ResourceVersion = "1"
	old.Spec.Schedule = "TZ=UTC 0 * * * *"
	cj := old.DeepCopy()
	cj.Spec.Schedule = "TZ=UTC 30 * * * *"
	errorsAre(t, ValidateCronJobUpdate(cj, old))
	cj.Spec.TimeZone = ptr.To("UTC")
	errorsAre(t, ValidateCronJobUpdate(cj, old), `spec.schedule: Invalid value: "TZ=UTC 30 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule`)
}
