package cronjob

import (
	"errors"
	"fmt"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/record"

	"github.com/kapi-dev/kapi/pkg/apis/batch/cron"
)

// nextScheduleDelta is how long after a scheduled time the controller looks again, so that the
// time has surely passed.
const nextScheduleDelta = 100 * time.Millisecond

// tooManyMissed is the number of missed start times above which the controller warns, upstream's.
const tooManyMissed = 100

// schedule returns the CronJob's schedule in its time zone. A TZ= or CRON_TZ= prefix in the
// schedule itself is honoured but, when recorder is not nil, warned about, as upstream does.
func schedule(cj *batchv1.CronJob, recorder record.EventRecorder) (cron.Schedule, error) {
	spec := cj.Spec.Schedule
	switch {
	case strings.Contains(spec, "TZ"):
		if recorder != nil {
			recorder.Eventf(cj, corev1.EventTypeWarning, "UnsupportedSchedule",
				"CRON_TZ or TZ used in schedule %q is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details", spec)
		}
	case cj.Spec.TimeZone != nil:
		spec = fmt.Sprintf("TZ=%s %s", *cj.Spec.TimeZone, spec)
	}
	return cron.ParseStandard(spec)
}

// missed describes the start times a CronJob missed until now.
type missed struct {
	// mostRecent is the latest start time not after now, or the zero time when none was missed.
	mostRecent time.Time
	// count roughly counts the missed start times.
	count int64
}

// mostRecentMissed finds the start times the CronJob missed since its last scheduled Job (or its
// creation), and, with withDeadline, no earlier than its starting deadline allows. It fails for a
// schedule that never fires twice in a row, such as February 31st.
func mostRecentMissed(cj *batchv1.CronJob, now time.Time, sched cron.Schedule, withDeadline bool) (missed, error) {
	earliest := cj.CreationTimestamp.Time
	if cj.Status.LastScheduleTime != nil {
		earliest = cj.Status.LastScheduleTime.Time
	}
	if withDeadline && cj.Spec.StartingDeadlineSeconds != nil {
		if deadline := now.Add(-time.Duration(*cj.Spec.StartingDeadlineSeconds) * time.Second); deadline.After(earliest) {
			earliest = deadline
		}
	}
	errNever := errors.New("time difference between two schedules is less than 1 second")
	t1 := sched.Next(earliest)
	if t1.IsZero() {
		return missed{}, errNever
	}
	if now.Before(t1) {
		return missed{}, nil
	}
	t2 := sched.Next(t1)
	if !t2.IsZero() && now.Before(t2) {
		return missed{mostRecent: t1, count: 1}, nil
	}
	interval := int64(t2.Sub(t1).Round(time.Second).Seconds())
	if t2.IsZero() || interval < 1 {
		return missed{}, errNever
	}
	// Rather than walking every missed time, jump to shortly before the last one and walk from
	// there; schedules with uneven gaps are walked a step further back to be safe.
	count := int64(now.Sub(t1).Seconds())/interval + 1
	walk := func(from time.Time) time.Time {
		var last time.Time
		for t := sched.Next(from); !t.IsZero() && !t.After(now); t = sched.Next(t) {
			last = t
		}
		return last
	}
	mostRecent := walk(t1.Add(time.Duration((count-2)*interval) * time.Second))
	if mostRecent.IsZero() {
		// The gaps grew after the first two: the jump went past the last start.
		mostRecent = walk(earliest)
	}
	return missed{mostRecent: mostRecent, count: count}, nil
}

// nextSync returns how long until the CronJob should be looked at again: just after its next
// start time following the most recent one it missed (or its last schedule or creation); false
// when the schedule never fires again.
func nextSync(cj *batchv1.CronJob, now time.Time, sched cron.Schedule) (time.Duration, bool) {
	from := cj.CreationTimestamp.Time
	if cj.Status.LastScheduleTime != nil {
		from = cj.Status.LastScheduleTime.Time
	}
	m, err := mostRecentMissed(cj, now, sched, false)
	switch {
	case err != nil:
		from = now
	case !m.mostRecent.IsZero():
		from = m.mostRecent
	}
	next := sched.Next(from)
	if next.IsZero() {
		return 0, false
	}
	return next.Add(nextScheduleDelta).Sub(now), true
}

// jobName is "<cronjob>-<scheduled time in minutes since the epoch>", the same for every attempt
// at one start time, so that a Job is never created twice for it.
func jobName(cj *batchv1.CronJob, scheduled time.Time) string {
	return fmt.Sprintf("%s-%d", cj.Name, scheduled.Unix()/60)
}
