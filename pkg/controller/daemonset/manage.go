package daemonset

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// burstReplicas caps the pods one sync creates or deletes, upstream's limit.
const burstReplicas = 250

// oldestFirst orders a node's daemon pods by creation, older first, and the ones further along
// (Running before Pending) first among those created together.
func oldestFirst(pods []*corev1.Pod) {
	rank := map[corev1.PodPhase]int{corev1.PodRunning: 0, corev1.PodPending: 1}
	sort.SliceStable(pods, func(i, j int) bool {
		a, b := pods[i], pods[j]
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		ra, oka := rank[a.Status.Phase]
		rb, okb := rank[b.Status.Phase]
		if !oka {
			ra = 2
		}
		if !okb {
			rb = 2
		}
		return ra < rb
	})
}

// podsForNode returns whether node needs a daemon pod and which of its daemon pods go: finished
// ones, extra ones, and all of them once the node may not keep them.
func (c *Controller) podsForNode(ds *appsv1.DaemonSet, node *corev1.Node, pods []*corev1.Pod, hash string) (needsPod bool, toDelete []string) {
	run, keepRunning := shouldRun(node, ds)
	switch {
	case run && len(pods) == 0:
		return true, nil
	case keepRunning:
		var running []*corev1.Pod
		for _, pod := range pods {
			switch {
			case pod.DeletionTimestamp != nil:
			case pod.Status.Phase == corev1.PodFailed:
				key := ds.Namespace + "/" + ds.Name + "/" + node.Name
				now := c.clock.Now()
				if c.failedBackoff.IsInBackOffSinceUpdate(key, now) {
					c.loop.Queue.AddAfter(ds.Namespace+"/"+ds.Name, c.failedBackoff.Get(key))
					continue
				}
				c.failedBackoff.Next(key, now)
				c.recorder.Eventf(ds, corev1.EventTypeWarning, "FailedDaemonPod", "Found failed daemon pod %s/%s on node %s, will try to kill it", pod.Namespace, pod.Name, node.Name)
				toDelete = append(toDelete, pod.Name)
			case pod.Status.Phase == corev1.PodSucceeded:
				toDelete = append(toDelete, pod.Name)
			default:
				running = append(running, pod)
			}
		}
		if len(running) <= 1 {
			return false, toDelete
		}
		oldestFirst(running)
		if maxSurge(ds) == 0 {
			for _, pod := range running[1:] {
				toDelete = append(toDelete, pod.Name)
			}
			return false, toDelete
		}
		// Surging keeps one old and one new pod, the old only while the new is not available.
		var oldestNew, oldestOld *corev1.Pod
		for _, pod := range running {
			switch {
			case pod.Labels[hashLabel] == hash && oldestNew == nil:
				oldestNew = pod
			case pod.Labels[hashLabel] != hash && oldestOld == nil:
				oldestOld = pod
			default:
				toDelete = append(toDelete, pod.Name)
			}
		}
		if oldestNew != nil && oldestOld != nil &&
			(!podcontrol.IsReady(oldestOld) || podcontrol.IsAvailable(oldestNew, ds.Spec.MinReadySeconds, c.clock.Now())) {
			toDelete = append(toDelete, oldestOld.Name)
		}
		return false, toDelete
	default:
		for _, pod := range pods {
			if pod.DeletionTimestamp == nil {
				toDelete = append(toDelete, pod.Name)
			}
		}
		return false, toDelete
	}
}

// manage creates the daemon pods nodes lack and deletes those that must go.
func (c *Controller) manage(ctx context.Context, ds *appsv1.DaemonSet, nodes []*corev1.Node, byNode map[string][]*corev1.Pod, hash string) error {
	var needing, toDelete []string
	known := map[string]bool{}
	for _, node := range nodes {
		known[node.Name] = true
		needs, del := c.podsForNode(ds, node, byNode[node.Name], hash)
		if needs {
			needing = append(needing, node.Name)
		}
		toDelete = append(toDelete, del...)
	}
	// Pods for nodes that are gone and never bound have nobody else to remove them.
	for name, pods := range byNode {
		if known[name] {
			continue
		}
		for _, pod := range pods {
			if pod.Spec.NodeName == "" && pod.DeletionTimestamp == nil {
				toDelete = append(toDelete, pod.Name)
			}
		}
	}
	return c.syncNodes(ctx, ds, toDelete, needing, hash)
}

// syncNodes deletes the pods called toDelete and creates a daemon pod for each node called in
// needing, in slow-start batches, each bound to its node by affinity.
func (c *Controller) syncNodes(ctx context.Context, ds *appsv1.DaemonSet, toDelete, needing []string, hash string) error {
	key := ds.Namespace + "/" + ds.Name
	needing = needing[:min(len(needing), burstReplicas)]
	toDelete = toDelete[:min(len(toDelete), burstReplicas)]
	podKeys := make([]string, len(toDelete))
	for i, name := range toDelete {
		podKeys[i] = ds.Namespace + "/" + name
	}
	c.expectations.Expect(key, len(needing), podKeys)

	template := ds.Spec.Template.DeepCopy()
	addDaemonTolerations(&template.Spec)
	if template.Labels == nil {
		template.Labels = map[string]string{}
	}
	if g := templateGeneration(ds); g != nil {
		template.Labels[generationLabel] = strconv.FormatInt(*g, 10)
	}
	if hash != "" {
		template.Labels[hashLabel] = hash
	}

	var mu sync.Mutex
	var errs []error
	var failed atomic.Int32
	created, err := podcontrol.SlowStartBatch(len(needing), 1, func(i int) error {
		t := template.DeepCopy()
		t.Spec.Affinity = bindToNode(t.Spec.Affinity, needing[i])
		_, err := c.control.CreatePod(ctx, ds, controllerKind, t)
		if err != nil {
			failed.Add(1)
			c.expectations.CreationObserved(key)
			if !apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}
		return err
	})
	if err != nil {
		// SlowStartBatch stopped before the remaining creations; they will not be seen.
		if skipped := len(needing) - created - int(failed.Load()); skipped > 0 {
			c.expectations.CreationsSkipped(key, skipped)
		}
	}

	var wg sync.WaitGroup
	for i, name := range toDelete {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.control.DeletePod(ctx, ds, name); err != nil {
				c.expectations.DeletionObserved(key, podKeys[i])
				if !apierrors.IsNotFound(err) {
					mu.Lock()
					errs = append(errs, fmt.Errorf("deleting daemon pod %s: %w", name, err))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
