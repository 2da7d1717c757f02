package endpoints

import (
	"sync"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/types"
)

// deletionExpected marks a slice this controller deleted.
const deletionExpected = -1

// SliceTracker remembers the generation of every EndpointSlice a controller wrote, per service, so
// that it can tell its own writes coming back through the informer from other changes, and an
// informer cache that has not caught up with them.
type SliceTracker struct {
	mu sync.Mutex
	// generations maps a service key to its slices' UIDs and the generation last written, or
	// deletionExpected.
	generations map[string]map[types.UID]int64
	// serviceUIDs is the UID of the service each entry was written for.
	serviceUIDs map[string]types.UID
}

// NewSliceTracker returns an empty tracker.
func NewSliceTracker() *SliceTracker {
	return &SliceTracker{generations: map[string]map[types.UID]int64{}, serviceUIDs: map[string]types.UID{}}
}

// sliceServiceKey is the key of the service a slice belongs to, by its service-name label.
func sliceServiceKey(slice *discoveryv1.EndpointSlice) string {
	return slice.Namespace + "/" + slice.Labels[discoveryv1.LabelServiceName]
}

// serviceKeyOf is the key of the service a slice belongs to, false if the slice names none.
func serviceKeyOf(slice *discoveryv1.EndpointSlice) (string, bool) {
	if slice.Labels[discoveryv1.LabelServiceName] == "" {
		return "", false
	}
	return sliceServiceKey(slice), true
}

// Has tells whether the slice is tracked.
func (t *SliceTracker) Has(slice *discoveryv1.EndpointSlice) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.generations[sliceServiceKey(slice)][slice.UID]
	return ok
}

// ShouldSync tells whether the slice changed beyond what this controller wrote.
func (t *SliceTracker) ShouldSync(slice *discoveryv1.EndpointSlice) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.generations[sliceServiceKey(slice)][slice.UID]
	return !ok || slice.Generation > g
}

// Stale tells whether the cached slices of the service lag behind this controller's writes: one is
// older than written, still there though deleted, or missing though written. Entries written for an
// earlier service of the same name are dropped first.
func (t *SliceTracker) Stale(svc *corev1.Service, slices []*discoveryv1.EndpointSlice) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := svc.Namespace + "/" + svc.Name
	if uid, ok := t.serviceUIDs[key]; ok && uid != "" && svc.UID != "" && uid != svc.UID {
		delete(t.generations, key)
	}
	t.serviceUIDs[key] = svc.UID
	written, ok := t.generations[key]
	if !ok {
		return false
	}
	seen := map[types.UID]bool{}
	for _, slice := range slices {
		seen[slice.UID] = true
		if g, ok := written[slice.UID]; ok && (g == deletionExpected || g > slice.Generation) {
			return true
		}
	}
	for uid, g := range written {
		if g != deletionExpected && !seen[uid] {
			return true
		}
	}
	return false
}

// Update records the generation of a slice just written.
func (t *SliceTracker) Update(slice *discoveryv1.EndpointSlice) { t.set(slice, slice.Generation) }

// ExpectDeletion records that the slice was just deleted.
func (t *SliceTracker) ExpectDeletion(slice *discoveryv1.EndpointSlice) {
	t.set(slice, deletionExpected)
}

func (t *SliceTracker) set(slice *discoveryv1.EndpointSlice, generation int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := sliceServiceKey(slice)
	if t.generations[key] == nil {
		t.generations[key] = map[types.UID]int64{}
	}
	t.generations[key][slice.UID] = generation
}

// HandleDeletion forgets a deleted slice and tells whether this controller had deleted it.
func (t *SliceTracker) HandleDeletion(slice *discoveryv1.EndpointSlice) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	written := t.generations[sliceServiceKey(slice)]
	g, ok := written[slice.UID]
	delete(written, slice.UID)
	return !ok || g == deletionExpected
}

// Forget drops everything tracked for the service.
func (t *SliceTracker) Forget(namespace, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.generations, namespace+"/"+name)
	delete(t.serviceUIDs, namespace+"/"+name)
}
