package podcontrol

import (
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// ExpectationsTimeout is how long a controller waits for the informer to show the creations and
// deletions it asked for before it syncs anyway: a watch event may be lost, and a controller must
// not stall forever on it.
const ExpectationsTimeout = 5 * time.Minute

// Expectations remembers, per controller key, how many pod creations and which pod deletions a
// controller asked for and has not yet seen in its informer. A controller syncs its pods only once
// they are satisfied, so that a sync does not act twice on a stale cache.
type Expectations struct {
	clock clock.PassiveClock
	mu    sync.Mutex
	byKey map[string]*expectation
}

// expectation is one controller's outstanding creations and deletions, and when they were set.
type expectation struct {
	creations int
	// deletions are the keys (namespace/name) of the pods whose deletion is awaited; a deletion
	// seen for any other pod does not count.
	deletions sets.Set[string]
	since     time.Time
}

// NewExpectations returns empty expectations that time out by clk.
func NewExpectations(clk clock.PassiveClock) *Expectations {
	return &Expectations{clock: clk, byKey: map[string]*expectation{}}
}

// PodKey is the key Expectations track a pod's deletion by.
func PodKey(pod *corev1.Pod) string {
	return pod.Namespace + "/" + pod.Name
}

// Expect replaces key's expectations with creations pod creations and the deletion of the pods
// podKeys name.
func (e *Expectations) Expect(key string, creations int, podKeys []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.byKey[key] = &expectation{creations: creations, deletions: sets.New(podKeys...), since: e.clock.Now()}
}

// ExpectCreations replaces key's expectations with n creations.
func (e *Expectations) ExpectCreations(key string, n int) {
	e.Expect(key, n, nil)
}

// ExpectDeletions replaces key's expectations with the deletion of the pods podKeys name.
func (e *Expectations) ExpectDeletions(key string, podKeys []string) {
	e.Expect(key, 0, podKeys)
}

// CreationObserved counts one awaited creation as seen.
func (e *Expectations) CreationObserved(key string) {
	e.CreationsSkipped(key, 1)
}

// CreationsSkipped lowers key's awaited creations by n that will never be seen, because they
// failed or were not attempted.
func (e *Expectations) CreationsSkipped(key string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if exp, ok := e.byKey[key]; ok {
		exp.creations -= n
		klog.V(4).InfoS("Lowered expectations", "controller", key, "creations", exp.creations, "deletions", exp.deletions.Len())
	}
}

// DeletionObserved counts the deletion of the pod podKey names as seen, if key awaited it. A
// controller also calls it when its own delete request failed, since no deletion will come then.
func (e *Expectations) DeletionObserved(key, podKey string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if exp, ok := e.byKey[key]; ok && exp.deletions.Has(podKey) {
		exp.deletions.Delete(podKey)
		klog.V(4).InfoS("Lowered expectations", "controller", key, "creations", exp.creations, "deletions", exp.deletions.Len())
	}
}

// Satisfied tells whether the controller key may sync: it has no expectations, they are all
// observed, or they have waited longer than ExpectationsTimeout.
func (e *Expectations) Satisfied(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	exp, ok := e.byKey[key]
	if !ok {
		return true
	}
	if exp.creations <= 0 && exp.deletions.Len() == 0 {
		return true
	}
	if e.clock.Since(exp.since) > ExpectationsTimeout {
		klog.V(4).InfoS("Expectations expired", "controller", key)
		return true
	}
	return false
}

// Delete forgets key's expectations, once the controller itself is gone.
func (e *Expectations) Delete(key string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.byKey, key)
}
