package cronjob

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"
)

// testController is a controller over a fake clientset whose listers hold objs, at now.
func testController(t *testing.T, now time.Time, objs ...runtime.Object) (*Controller, *fake.Clientset, *record.FakeRecorder) {
	t.Helper()
	client := fake.NewClientset(objs...)
	cronJobs := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	jobs := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, o := range objs {
		switch o.(type) {
		case *batchv1.CronJob:
			_ = cronJobs.Add(o)
		case *batchv1.Job:
			_ = jobs.Add(o)
		}
	}
	recorder := record.NewFakeRecorder(100)
	return &Controller{
		client:   client,
		recorder: recorder,
		cronJobs: batchlisters.NewCronJobLister(cronJobs),
		jobs:     batchlisters.NewJobLister(jobs),
		clock:    clocktesting.NewFakePassiveClock(now),
	}, client, recorder
}

func events(r *record.FakeRecorder) []string {
	var out []string
	for {
		select {
		case e := <-r.Events:
			out = append(out, e)
		default:
			return out
		}
	}
}

func TestSyncCronJob(t *testing.T) {
	created := time.Date(2026, 12, 2, 10, 0, 30, 0, time.UTC)
	scheduled := time.Date(2026, 12, 2, 10, 5, 0, 0, time.UTC)
	newCronJob := func(mutate func(*batchv1.CronJob)) *batchv1.CronJob {
		cj := &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: "backup", Namespace: "ns", UID: "cj-uid", CreationTimestamp: metav1.NewTime(created)},
			Spec: batchv1.CronJobSpec{
				Schedule: "*/5 * * * *", TimeZone: ptr.To("UTC"), ConcurrencyPolicy: batchv1.AllowConcurrent,
				JobTemplate: batchv1.JobTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"team": "a"}}},
			},
		}
		if mutate != nil {
			mutate(cj)
		}
		return cj
	}
	running := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{
		Name: "backup-29936760", Namespace: "ns", UID: "old-uid",
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: "backup", UID: "cj-uid", Controller: ptr.To(true)}},
	}}
	withActive := func(cj *batchv1.CronJob) {
		cj.Status.Active = []corev1.ObjectReference{{Kind: "Job", Namespace: "ns", Name: running.Name, UID: running.UID}}
		cj.Status.LastScheduleTime = ptr.To(metav1.NewTime(scheduled.Add(-5 * time.Minute)))
	}
	tests := []struct {
		name        string
		cronJob     *batchv1.CronJob
		jobs        []*batchv1.Job
		now         time.Time
		wantCreated bool
		wantDeleted bool
		wantEvent   string
		wantAfter   time.Duration
	}{
		{name: "before the start time", cronJob: newCronJob(nil), now: scheduled.Add(-time.Second), wantAfter: time.Second + nextScheduleDelta},
		{name: "at the start time", cronJob: newCronJob(nil), now: scheduled.Add(time.Second), wantCreated: true,
			wantEvent: "Normal SuccessfulCreate Created job backup-29936765", wantAfter: 5*time.Minute - time.Second + nextScheduleDelta},
		{name: "suspended", cronJob: newCronJob(func(cj *batchv1.CronJob) { cj.Spec.Suspend = ptr.To(true) }), now: scheduled.Add(time.Second)},
		// As upstream, a start time past the deadline is not looked for at all, so it is skipped
		// without a MissSchedule event.
		{name: "past the starting deadline", cronJob: newCronJob(func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](10) }),
			now: scheduled.Add(20 * time.Second), wantAfter: 5*time.Minute - 20*time.Second + nextScheduleDelta},
		{name: "within the starting deadline", cronJob: newCronJob(func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](30) }),
			now: scheduled.Add(20 * time.Second), wantCreated: true, wantEvent: "Normal SuccessfulCreate Created job backup-29936765",
			wantAfter: 5*time.Minute - 20*time.Second + nextScheduleDelta},
		{name: "forbid with a running job", cronJob: newCronJob(func(cj *batchv1.CronJob) { withActive(cj); cj.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }),
			jobs: []*batchv1.Job{running}, now: scheduled.Add(time.Second),
			wantEvent: "Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid",
			wantAfter: 5*time.Minute - time.Second + nextScheduleDelta},
		{name: "allow with a running job", cronJob: newCronJob(withActive), jobs: []*batchv1.Job{running}, now: scheduled.Add(time.Second),
			wantCreated: true, wantEvent: "Normal SuccessfulCreate Created job backup-29936765", wantAfter: 5*time.Minute - time.Second + nextScheduleDelta},
		{name: "replace a running job", cronJob: newCronJob(func(cj *batchv1.CronJob) { withActive(cj); cj.Spec.ConcurrencyPolicy = batchv1.ReplaceConcurrent }),
			jobs: []*batchv1.Job{running}, now: scheduled.Add(time.Second), wantCreated: true, wantDeleted: true,
			wantEvent: "Normal SuccessfulDelete Deleted job backup-29936760", wantAfter: 5*time.Minute - time.Second + nextScheduleDelta},
		{name: "unknown time zone", cronJob: newCronJob(func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr.To("Mars/Olympus") }), now: scheduled.Add(time.Second),
			wantEvent: `Warning UnknownTimeZone invalid timeZone: "Mars/Olympus"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := []runtime.Object{tt.cronJob}
			for _, j := range tt.jobs {
				objs = append(objs, j)
			}
			c, client, recorder := testController(t, tt.now, objs...)
			after, _, err := c.syncCronJob(context.Background(), tt.cronJob.DeepCopy(), tt.jobs)
			if err != nil {
				t.Fatal(err)
			}
			if got := ptr.Deref(after, 0); got != tt.wantAfter {
				t.Errorf("requeued after %s, want %s", got, tt.wantAfter)
			}
			var created, deleted bool
			for _, a := range client.Actions() {
				created = created || (a.GetVerb() == "create" && a.GetResource().Resource == "jobs")
				deleted = deleted || (a.GetVerb() == "delete" && a.GetResource().Resource == "jobs")
			}
			if created != tt.wantCreated || deleted != tt.wantDeleted {
				t.Errorf("created %v, deleted %v; want %v, %v", created, deleted, tt.wantCreated, tt.wantDeleted)
			}
			got := events(recorder)
			if tt.wantEvent != "" && !slices.ContainsFunc(got, func(e string) bool { return strings.HasPrefix(e, tt.wantEvent) }) {
				t.Errorf("events %q, want %q", got, tt.wantEvent)
			}
			if !tt.wantCreated {
				return
			}
			job, err := client.BatchV1().Jobs("ns").Get(context.Background(), "backup-29936765", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if job.Annotations[batchv1.CronJobScheduledTimestampAnnotation] != "2026-12-02T10:05:00Z" || job.Labels["team"] != "a" ||
				!metav1.IsControlledBy(job, tt.cronJob) {
				t.Errorf("job %+v, want the scheduled time, the template's labels and the CronJob as controller", job.ObjectMeta)
			}
		})
	}
}

func TestSyncCronJobSeesFinishedJobs(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 7, 0, 0, time.UTC)
	done := metav1.NewTime(now.Add(-time.Minute))
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "backup", Namespace: "ns", UID: "cj-uid", CreationTimestamp: metav1.NewTime(now.Add(-time.Hour))},
		Spec: batchv1.CronJobSpec{Schedule: "0 0 1 1 *", TimeZone: ptr.To("UTC"),
			SuccessfulJobsHistoryLimit: ptr.To[int32](1), FailedJobsHistoryLimit: ptr.To[int32](1)},
	}
	job := func(name string, start time.Time, cond batchv1.JobConditionType) *batchv1.Job {
		j := &batchv1.Job{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", UID: types.UID(name),
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: "backup", UID: "cj-uid", Controller: ptr.To(true)}}},
			Status: batchv1.JobStatus{StartTime: ptr.To(metav1.NewTime(start)),
				Conditions: []batchv1.JobCondition{{Type: cond, Status: corev1.ConditionTrue}}},
		}
		if cond == batchv1.JobComplete {
			j.Status.CompletionTime = &done
		}
		return j
	}
	oldOK, newOK := job("ok-1", now.Add(-30*time.Minute), batchv1.JobComplete), job("ok-2", now.Add(-10*time.Minute), batchv1.JobComplete)
	failed := job("failed-1", now.Add(-20*time.Minute), batchv1.JobFailed)
	cj.Status.Active = []corev1.ObjectReference{{Name: "ok-2", Namespace: "ns", UID: "ok-2"}}
	c, client, recorder := testController(t, now, cj, oldOK, newOK, failed)
	jobs := []*batchv1.Job{oldOK, newOK, failed}
	working := cj.DeepCopy()
	if !c.cleanupFinished(context.Background(), working, jobs) {
		t.Error("cleanup did not report a change")
	}
	if _, changed, err := c.syncCronJob(context.Background(), working, jobs); err != nil || !changed {
		t.Fatalf("sync: changed %v, %v", changed, err)
	}
	if len(working.Status.Active) != 0 || !ptr.Equal(working.Status.LastSuccessfulTime, &done) {
		t.Errorf("status %+v, want nothing active and the last success", working.Status)
	}
	var deleted []string
	for _, a := range client.Actions() {
		if a.GetVerb() == "delete" {
			deleted = append(deleted, a.(interface{ GetName() string }).GetName())
		}
	}
	if !slices.Equal(deleted, []string{"ok-1"}) {
		t.Errorf("deleted %v, want only the older successful job", deleted)
	}
	got := events(recorder)
	if !slices.Contains(got, "Normal SawCompletedJob Saw completed job: ok-2, status: Complete") {
		t.Errorf("events %q, want SawCompletedJob", got)
	}
}
