package endpoints

import (
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// TriggerTimes computes the endpoints.kubernetes.io/last-change-trigger-time annotation: the earliest
// time, among the changes seen since a service's previous sync, at which a change that the
// endpoints now reflect happened. Changes are a pod's Ready transition and the service's creation.
// Several changes of one object between two syncs count as the last one, as upstream accepts too.
type TriggerTimes struct {
	mu       sync.Mutex
	services map[string]triggerState
}

type triggerState struct {
	service time.Time
	pods    map[string]time.Time
}

// NewTriggerTimes returns an empty tracker.
func NewTriggerTimes() *TriggerTimes {
	return &TriggerTimes{services: map[string]triggerState{}}
}

// Trigger is what one sync of a service saw, and the trigger time that implies.
type Trigger struct {
	// Time is the trigger time to annotate, zero for none.
	Time  time.Time
	key   string
	state triggerState
}

// Compute returns the trigger time of the service and its pods as they are now, measured against
// the last recorded sync. The first sync of a service returns its creation time. Nothing is
// remembered until Record, so that a sync whose write fails reports the same changes when it is
// retried. Calls for one service must not overlap, which the work queue ensures.
func (t *TriggerTimes) Compute(svc *corev1.Service, pods []*corev1.Pod) Trigger {
	key := svc.Namespace + "/" + svc.Name
	t.mu.Lock()
	last, known := t.services[key]
	t.mu.Unlock()

	var earliest time.Time
	consider := func(at, before time.Time) {
		if at.After(before) && (earliest.IsZero() || at.Before(earliest)) {
			earliest = at
		}
	}
	state := triggerState{service: svc.CreationTimestamp.Time, pods: map[string]time.Time{}}
	for _, pod := range pods {
		if at := readyTransition(pod); !at.IsZero() {
			state.pods[pod.Name] = at
			consider(at, last.pods[pod.Name])
		}
	}
	consider(state.service, last.service)
	if !known {
		earliest = svc.CreationTimestamp.Time
	}
	return Trigger{Time: earliest, key: key, state: state}
}

// Record remembers what a sync saw, once what it wrote is stored or nothing needed writing.
func (t *TriggerTimes) Record(tr Trigger) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.services[tr.key] = tr.state
}

// Forget drops what is known of a deleted service.
func (t *TriggerTimes) Forget(namespace, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.services, namespace+"/"+name)
}

// SetTriggerTime sets or, for a zero time, removes the trigger-time annotation, creating the map if
// needed.
func SetTriggerTime(annotations map[string]string, at time.Time) map[string]string {
	if annotations == nil {
		annotations = map[string]string{}
	}
	if at.IsZero() {
		delete(annotations, corev1.EndpointsLastChangeTriggerTime)
	} else {
		annotations[corev1.EndpointsLastChangeTriggerTime] = at.UTC().Format(time.RFC3339Nano)
	}
	return annotations
}
