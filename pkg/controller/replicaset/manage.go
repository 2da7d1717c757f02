package replicaset

import (
	"context"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// manage creates or deletes at most BurstReplicas pods so that rs has spec.replicas active ones,
// expecting to see each change before the next.
func (c *Controller) manage(ctx context.Context, rs *appsv1.ReplicaSet, active []*corev1.Pod) error {
	rsKey := key(rs)
	diff := len(active) - int(ptr.Deref(rs.Spec.Replicas, 0))
	owner := c.kind.owner(rs)
	switch {
	case diff < 0:
		n := min(-diff, BurstReplicas)
		c.expectations.ExpectCreations(rsKey, n)
		klog.V(2).InfoS("Too few replicas", "replicaSet", klog.KObj(rs), "need", ptr.Deref(rs.Spec.Replicas, 0), "creating", n)
		created, err := podcontrol.SlowStartBatch(n, podcontrol.SlowStartInitialBatchSize, func(int) error {
			_, err := c.control.CreatePod(ctx, owner, c.kind.gvk, &rs.Spec.Template)
			if apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
				// Every creation fails in a namespace being deleted; there is nothing to retry.
				return nil
			}
			return err
		})
		// The creations never attempted or refused will not be seen; the next sync retries them.
		if skipped := n - created; skipped > 0 {
			klog.V(2).InfoS("Slow-start failure. Skipping creation of pods, decrementing expectations", "podsSkipped", skipped, "kind", c.kind.gvk.Kind, "replicaSet", klog.KObj(rs))
			c.expectations.CreationsSkipped(rsKey, skipped)
		}
		return err
	case diff > 0:
		n := min(diff, BurstReplicas)
		klog.V(2).InfoS("Too many replicas", "replicaSet", klog.KObj(rs), "need", ptr.Deref(rs.Spec.Replicas, 0), "deleting", n)
		doomed := c.podsToDelete(rs, active, n)
		keys := make([]string, 0, len(doomed))
		for _, p := range doomed {
			keys = append(keys, podcontrol.PodKey(p))
		}
		c.expectations.ExpectDeletions(rsKey, keys)
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for _, p := range doomed {
			wg.Go(func() {
				if err := c.control.DeletePod(ctx, owner, p.Name); err != nil {
					// No deletion will be seen for a failed request.
					c.expectations.DeletionObserved(rsKey, podcontrol.PodKey(p))
					if !apierrors.IsNotFound(err) {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		select {
		case err := <-errs:
			return err
		default:
		}
	}
	return nil
}

// podsToDelete picks the n pods of active to delete first, ranking them among the pods of every
// ReplicaSet that shares rs's controller, so that a Deployment's scale-down spreads over nodes.
func (c *Controller) podsToDelete(rs *appsv1.ReplicaSet, active []*corev1.Pod, n int) []*corev1.Pod {
	if n < len(active) {
		podcontrol.SortForDeletion(active, c.relatedPods(rs), c.clock.Now())
	}
	return active[:n]
}

// relatedPods are the pods of the objects controlled by rs's controller, rs included; none for an
// object without a controller.
func (c *Controller) relatedPods(rs *appsv1.ReplicaSet) []*corev1.Pod {
	ref := metav1.GetControllerOf(rs)
	if ref == nil {
		return nil
	}
	siblings, err := c.kind.list(rs.Namespace)
	if err != nil {
		return nil
	}
	owners := sets.New[types.UID]()
	for _, s := range siblings {
		if sref := metav1.GetControllerOf(s); sref != nil && sref.UID == ref.UID {
			owners.Insert(s.UID)
		}
	}
	pods, err := c.pods.Pods(rs.Namespace).List(labels.Everything())
	if err != nil {
		return nil
	}
	return podcontrol.Filter(pods, func(p *corev1.Pod) bool {
		pref := metav1.GetControllerOf(p)
		return pref != nil && owners.Has(pref.UID)
	})
}
