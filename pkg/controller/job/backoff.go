package job

import (
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/clock"
)

// Pod failure backoff, upstream's: 10 s after the first failure, doubling up to 10 minutes.
const (
	defaultBackoff = 10 * time.Second
	maxBackoff     = 10 * time.Minute
)

// backoffRecord is how many pods of a Job failed since its last success, and when the last did.
type backoffRecord struct {
	failures    int32
	lastFailure time.Time
}

// backoffStore keeps each Job's record between syncs.
type backoffStore struct {
	mu    sync.Mutex
	byJob map[string]backoffRecord
}

func newBackoffStore() *backoffStore { return &backoffStore{byJob: map[string]backoffRecord{}} }

// next returns key's record as the pods that newly succeeded and failed change it: a success resets
// the count to the failures that finished after it.
func (s *backoffStore) next(key string, succeeded, failed []*corev1.Pod) backoffRecord {
	s.mu.Lock()
	r := s.byJob[key]
	s.mu.Unlock()
	failedTimes := finishTimes(failed)
	if len(succeeded) > 0 {
		lastSuccess := finishTimes(succeeded)[len(succeeded)-1]
		r = backoffRecord{}
		for _, t := range failedTimes {
			if t.After(lastSuccess) {
				r.failures++
				r.lastFailure = t
			}
		}
		return r
	}
	if len(failedTimes) > 0 {
		r.failures += int32(len(failedTimes))
		r.lastFailure = failedTimes[len(failedTimes)-1]
	}
	return r
}

// save stores r once the failures it counts are in the Job's status.
func (s *backoffStore) save(key string, r backoffRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byJob[key] = r
}

func (s *backoffStore) remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byJob, key)
}

// finishTimes returns when pods finished, in order.
func finishTimes(pods []*corev1.Pod) []time.Time {
	times := make([]time.Time, 0, len(pods))
	for _, p := range pods {
		times = append(times, finishedAt(p))
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	return times
}

// remaining is how long a replacement must still wait after failures, the last at lastFailure.
func remaining(clk clock.PassiveClock, failures int32, lastFailure time.Time) time.Duration {
	if failures == 0 {
		return 0
	}
	delay := defaultBackoff
	for i := int32(1); i < failures && delay < maxBackoff; i++ {
		delay *= 2
	}
	delay = min(delay, maxBackoff)
	if elapsed := clk.Since(lastFailure); elapsed < delay {
		return delay - elapsed
	}
	return 0
}
