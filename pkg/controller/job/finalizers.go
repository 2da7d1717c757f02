package job

import (
	"context"
	"sync"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
)

// The strategic merge patches that add and drop the tracking finalizer, leaving the pod's other
// finalizers alone.
var (
	addFinalizerPatch    = []byte(`{"metadata":{"finalizers":["` + batchv1.JobTrackingFinalizer + `"]}}`)
	removeFinalizerPatch = []byte(`{"metadata":{"$deleteFromPrimitiveList/finalizers":["` + batchv1.JobTrackingFinalizer + `"]}}`)
)

// finalizerExpectations are, per Job, the pods whose tracking finalizer the controller removed but
// whose update the informer has not shown yet: until it has, the pod's cached copy would be counted
// a second time.
type finalizerExpectations struct {
	mu    sync.Mutex
	byJob map[string]sets.Set[types.UID]
}

func newFinalizerExpectations() *finalizerExpectations {
	return &finalizerExpectations{byJob: map[string]sets.Set[types.UID]{}}
}

func (e *finalizerExpectations) expect(key string, uid types.UID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byJob[key] == nil {
		e.byJob[key] = sets.New[types.UID]()
	}
	e.byJob[key].Insert(uid)
}

func (e *finalizerExpectations) observed(key string, uid types.UID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if s := e.byJob[key]; s != nil {
		s.Delete(uid)
		if s.Len() == 0 {
			delete(e.byJob, key)
		}
	}
}

// pending returns a copy of the Job's expected removals.
func (e *finalizerExpectations) pending(key string) sets.Set[types.UID] {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.byJob[key].Clone()
}

func (e *finalizerExpectations) forget(key string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.byJob, key)
}

// removeFinalizers removes the tracking finalizer of pods in parallel and reports which removals
// succeeded; a pod already gone counts as removed.
func (c *Controller) removeFinalizers(ctx context.Context, key string, pods []*corev1.Pod) ([]bool, error) {
	done := make([]bool, len(pods))
	errs := make([]error, len(pods))
	var wg sync.WaitGroup
	for i, pod := range pods {
		wg.Go(func() {
			c.finalizers.expect(key, pod.UID)
			err := c.pods.PatchPod(ctx, pod, removeFinalizerPatch)
			if err != nil && !apierrors.IsNotFound(err) {
				c.finalizers.observed(key, pod.UID)
				errs[i] = err
				return
			}
			if apierrors.IsNotFound(err) {
				c.finalizers.observed(key, pod.UID)
			}
			done[i] = true
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return done, err
		}
	}
	return done, nil
}
