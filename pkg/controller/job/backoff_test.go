package job

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"
)

func finishedPod(phase corev1.PodPhase, at time.Time) *corev1.Pod {
	return &corev1.Pod{Status: corev1.PodStatus{Phase: phase, ContainerStatuses: []corev1.ContainerStatus{
		{State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(at)}}},
	}}}
}

func TestRemaining(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	clk := clocktesting.NewFakePassiveClock(now)
	tests := []struct {
		name     string
		failures int32
		ago      time.Duration
		want     time.Duration
	}{
		{name: "no failures", failures: 0, want: 0},
		{name: "first failure just now", failures: 1, want: 10 * time.Second},
		{name: "first failure a while ago", failures: 1, ago: 4 * time.Second, want: 6 * time.Second},
		{name: "third failure doubles twice", failures: 3, ago: 10 * time.Second, want: 30 * time.Second},
		{name: "capped at ten minutes", failures: 20, ago: time.Minute, want: 9 * time.Minute},
		{name: "over", failures: 2, ago: time.Minute, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := remaining(clk, tt.failures, now.Add(-tt.ago)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestBackoffStoreNext(t *testing.T) {
	base := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }
	s := newBackoffStore()
	r := s.next("ns/job", nil, []*corev1.Pod{finishedPod(corev1.PodFailed, at(2)), finishedPod(corev1.PodFailed, at(1))})
	if r.failures != 2 || !r.lastFailure.Equal(at(2)) {
		t.Fatalf("after two failures: %+v", r)
	}
	s.save("ns/job", r)
	r = s.next("ns/job", nil, []*corev1.Pod{finishedPod(corev1.PodFailed, at(3))})
	if r.failures != 3 || !r.lastFailure.Equal(at(3)) {
		t.Fatalf("after a third failure: %+v", r)
	}
	s.save("ns/job", r)
	// A success resets the count to the failures after it.
	r = s.next("ns/job", []*corev1.Pod{finishedPod(corev1.PodSucceeded, at(5))},
		[]*corev1.Pod{finishedPod(corev1.PodFailed, at(4)), finishedPod(corev1.PodFailed, at(6))})
	if r.failures != 1 || !r.lastFailure.Equal(at(6)) {
		t.Fatalf("after a success: %+v", r)
	}
	s.remove("ns/job")
	if r := s.next("ns/job", nil, nil); r.failures != 0 {
		t.Fatalf("after removal: %+v", r)
	}
}
