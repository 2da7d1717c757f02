package cronjob

import (
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/batch/cron"
)

func mustParse(t *testing.T, spec string) cron.Schedule {
	t.Helper()
	s, err := cron.ParseStandard(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMostRecentMissed(t *testing.T) {
	created := time.Date(2026, 12, 2, 10, 0, 30, 0, time.UTC)
	at := func(h, m int) time.Time { return time.Date(2026, 12, 2, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name         string
		schedule     string
		last         *time.Time
		deadline     *int64
		withDeadline bool
		now          time.Time
		want         time.Time
		wantCount    int64
		wantErr      bool
	}{
		{name: "nothing due yet", schedule: "*/5 * * * *", now: at(10, 4)},
		{name: "first start due", schedule: "*/5 * * * *", now: at(10, 5).Add(time.Second), want: at(10, 5), wantCount: 1},
		{name: "several missed, most recent wins", schedule: "*/5 * * * *", now: at(10, 27), want: at(10, 25), wantCount: 5},
		{name: "counted from the last schedule", schedule: "*/5 * * * *", last: ptr.To(at(10, 20)), now: at(10, 24)},
		{name: "due after the last schedule", schedule: "*/5 * * * *", last: ptr.To(at(10, 20)), now: at(10, 25), want: at(10, 25), wantCount: 1},
		{name: "hourly on an uneven schedule", schedule: "30 6-16/4 * * *", now: at(23, 0), want: at(14, 30), wantCount: 4},
		{name: "deadline moves the earliest time", schedule: "* * * * *", deadline: ptr.To[int64](120), withDeadline: true, now: at(12, 0).Add(10 * time.Second), want: at(12, 0), wantCount: 2},
		{name: "deadline ignored for requeueing", schedule: "* * * * *", deadline: ptr.To[int64](120), now: at(12, 0).Add(10 * time.Second), want: at(12, 0), wantCount: 120},
		{name: "too many missed", schedule: "* * * * *", now: at(12, 0).Add(10 * time.Second), want: at(12, 0), wantCount: 120},
		{name: "never fires", schedule: "59 23 31 2 *", now: at(12, 0), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cj := &batchv1.CronJob{
				ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.NewTime(created)},
				Spec:       batchv1.CronJobSpec{Schedule: tt.schedule, StartingDeadlineSeconds: tt.deadline},
			}
			if tt.last != nil {
				cj.Status.LastScheduleTime = ptr.To(metav1.NewTime(*tt.last))
			}
			got, err := mostRecentMissed(cj, tt.now, mustParse(t, "TZ=UTC "+tt.schedule), tt.withDeadline)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if !got.mostRecent.Equal(tt.want) || got.count != tt.wantCount {
				t.Errorf("got %s (%d missed), want %s (%d missed)", got.mostRecent, got.count, tt.want, tt.wantCount)
			}
		})
	}
}

func TestNextSync(t *testing.T) {
	created := time.Date(2026, 12, 2, 10, 0, 30, 0, time.UTC)
	tests := []struct {
		name string
		last *time.Time
		now  time.Time
		want time.Duration
	}{
		{name: "before the first start", now: created, want: 4*time.Minute + 30*time.Second + nextScheduleDelta},
		{name: "after a missed start", now: created.Add(6 * time.Minute), want: 3*time.Minute + 30*time.Second + nextScheduleDelta},
		{name: "after the last schedule", last: ptr.To(time.Date(2026, 12, 2, 10, 5, 0, 0, time.UTC)), now: created.Add(5 * time.Minute), want: 4*time.Minute + 30*time.Second + nextScheduleDelta},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.NewTime(created)}}
			if tt.last != nil {
				cj.Status.LastScheduleTime = ptr.To(metav1.NewTime(*tt.last))
			}
			got, ok := nextSync(cj, tt.now, mustParse(t, "TZ=UTC */5 * * * *"))
			if !ok || got != tt.want {
				t.Errorf("got %s, %v; want %s", got, ok, tt.want)
			}
		})
	}
	if _, ok := nextSync(&batchv1.CronJob{}, created, mustParse(t, "59 23 31 2 *")); ok {
		t.Error("a schedule that never fires is requeued")
	}
}

func TestJobName(t *testing.T) {
	scheduled := time.Date(2026, 12, 2, 10, 5, 0, 0, time.UTC)
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "backup"}}
	if got, want := jobName(cj, scheduled), "backup-29936765"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestJobFromTemplate(t *testing.T) {
	scheduled := time.Date(2026, 12, 2, 10, 5, 0, 0, time.UTC)
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "backup", Namespace: "ns", UID: "cj-uid"},
		Spec: batchv1.CronJobSpec{TimeZone: ptr.To("Europe/Berlin"), JobTemplate: batchv1.JobTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"team": "a"}, Annotations: map[string]string{"note": "x"}},
			Spec:       batchv1.JobSpec{BackoffLimit: ptr.To[int32](2)},
		}},
	}
	job, err := jobFromTemplate(cj, scheduled)
	if err != nil {
		t.Fatal(err)
	}
	if job.Name != "backup-29936765" || job.Labels["team"] != "a" || job.Annotations["note"] != "x" || *job.Spec.BackoffLimit != 2 {
		t.Errorf("job %+v", job)
	}
	if got := job.Annotations[batchv1.CronJobScheduledTimestampAnnotation]; got != "2026-12-02T11:05:00+01:00" {
		t.Errorf("scheduled timestamp %q, want it in the CronJob's time zone", got)
	}
	if ref := metav1.GetControllerOf(job); ref == nil || ref.UID != "cj-uid" || ref.Kind != "CronJob" || !*ref.BlockOwnerDeletion {
		t.Errorf("controller %+v, want the CronJob", ref)
	}
	if cj.Spec.JobTemplate.Annotations[batchv1.CronJobScheduledTimestampAnnotation] != "" {
		t.Error("the CronJob's template was changed")
	}
}
