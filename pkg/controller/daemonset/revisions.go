package daemonset

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kapi-dev/kapi/pkg/controller/internal/history"
)

// hashLabel labels revisions and daemon pods with the hash of their template.
const hashLabel = appsv1.DefaultDaemonSetUniqueLabelKey

// generationLabel labels daemon pods with the DaemonSet's template generation.
const generationLabel = "pod-template-generation"

// templateGeneration returns the template generation the API server keeps in ds's annotation.
func templateGeneration(ds *appsv1.DaemonSet) *int64 {
	v, ok := ds.Annotations[appsv1.DeprecatedTemplateGeneration]
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// isUpdated tells whether pod runs ds's current template, by hash or template generation.
func isUpdated(pod *corev1.Pod, hash string, generation *int64) bool {
	byGeneration := generation != nil && pod.Labels[generationLabel] == strconv.FormatInt(*generation, 10)
	return byGeneration || (hash != "" && pod.Labels[hashLabel] == hash)
}

// matches tells whether revision records ds's template.
func matches(ds *appsv1.DaemonSet, revision *appsv1.ControllerRevision) (bool, error) {
	patch, err := history.TemplatePatch(&ds.Spec.Template)
	if err != nil {
		return false, err
	}
	return bytes.Equal(patch, revision.Data.Raw), nil
}

// claimRevisions returns the revisions ds owns.
func (c *Controller) claimRevisions(ctx context.Context, ds *appsv1.DaemonSet, selector labels.Selector) ([]*appsv1.ControllerRevision, error) {
	all, err := c.revisions.ControllerRevisions(ds.Namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	return c.history.Claim(ctx, ds, controllerKind, selector, c.fresh(ds), all)
}

// constructHistory returns the revision of ds's template, creating or renumbering it as the
// newest, and the older ones.
func (c *Controller) constructHistory(ctx context.Context, ds *appsv1.DaemonSet, selector labels.Selector) (*appsv1.ControllerRevision, []*appsv1.ControllerRevision, error) {
	revisions, err := c.claimRevisions(ctx, ds, selector)
	if err != nil {
		return nil, nil, err
	}
	var current, old []*appsv1.ControllerRevision
	for _, r := range revisions {
		if _, ok := r.Labels[hashLabel]; !ok {
			// Revisions of older controllers lack the label; their name stands in for the hash.
			clone := r.DeepCopy()
			if clone.Labels == nil {
				clone.Labels = map[string]string{}
			}
			clone.Labels[hashLabel] = clone.Name
			if r, err = c.client.AppsV1().ControllerRevisions(ds.Namespace).Update(ctx, clone, metav1.UpdateOptions{}); err != nil {
				return nil, nil, err
			}
		}
		same, err := matches(ds, r)
		if err != nil {
			return nil, nil, err
		}
		if same {
			current = append(current, r)
		} else {
			old = append(old, r)
		}
	}
	history.Sort(old)
	next := history.Next(old)
	if len(current) == 0 {
		cur, err := c.snapshot(ctx, ds, next)
		return cur, old, err
	}
	history.Sort(current)
	cur := current[len(current)-1]
	for _, dup := range current[:len(current)-1] {
		if err := c.dropDuplicate(ctx, ds, dup, cur); err != nil {
			return nil, nil, err
		}
	}
	if cur.Revision < next {
		if cur, err = c.history.Renumber(ctx, cur, next); err != nil {
			return nil, nil, err
		}
	}
	return cur, old, nil
}

// dropDuplicate relabels the pods of dup, a second revision of the current template, with kept's
// hash and deletes dup.
func (c *Controller) dropDuplicate(ctx context.Context, ds *appsv1.DaemonSet, dup, kept *appsv1.ControllerRevision) error {
	pods, err := c.pods.Pods(ds.Namespace).List(labels.SelectorFromSet(labels.Set{hashLabel: dup.Labels[hashLabel]}))
	if err != nil {
		return err
	}
	patch := []byte(fmt.Sprintf(`{"metadata":{"labels":{%q:%q}}}`, hashLabel, kept.Labels[hashLabel]))
	for _, pod := range pods {
		if !metav1.IsControlledBy(pod, ds) {
			continue
		}
		if _, err := c.client.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return c.history.Delete(ctx, dup)
}

// snapshot creates the revision of ds's template numbered revision. A different revision under
// the same name raises ds's collision count, so that the next sync hashes to another name.
func (c *Controller) snapshot(ctx context.Context, ds *appsv1.DaemonSet, revision int64) (*appsv1.ControllerRevision, error) {
	patch, err := history.TemplatePatch(&ds.Spec.Template)
	if err != nil {
		return nil, err
	}
	hash := history.TemplateHash(&ds.Spec.Template, ds.Status.CollisionCount)
	labels := map[string]string{hashLabel: hash}
	for k, v := range ds.Spec.Template.Labels {
		labels[k] = v
	}
	cr := &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{
			Name:            history.Name(ds.Name, hash),
			Namespace:       ds.Namespace,
			Labels:          labels,
			Annotations:     ds.Annotations,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(ds, controllerKind)},
		},
		Data:     runtime.RawExtension{Raw: patch},
		Revision: revision,
	}
	created, err := c.client.AppsV1().ControllerRevisions(ds.Namespace).Create(ctx, cr, metav1.CreateOptions{})
	if !apierrors.IsAlreadyExists(err) {
		return created, err
	}
	existing, getErr := c.client.AppsV1().ControllerRevisions(ds.Namespace).Get(ctx, cr.Name, metav1.GetOptions{})
	if getErr != nil {
		return nil, getErr
	}
	if same, matchErr := matches(ds, existing); matchErr != nil || (same && metav1.IsControlledBy(existing, ds)) {
		return existing, matchErr
	}
	latest, getErr := c.client.AppsV1().DaemonSets(ds.Namespace).Get(ctx, ds.Name, metav1.GetOptions{})
	if getErr != nil {
		return nil, getErr
	}
	count := int32(0)
	if latest.Status.CollisionCount != nil {
		count = *latest.Status.CollisionCount
	}
	count++
	latest.Status.CollisionCount = &count
	if _, updateErr := c.client.AppsV1().DaemonSets(ds.Namespace).UpdateStatus(ctx, latest, metav1.UpdateOptions{}); updateErr != nil {
		return nil, updateErr
	}
	return nil, err
}

// cleanupHistory deletes ds's oldest revisions beyond its revisionHistoryLimit, keeping those its
// pods run.
func (c *Controller) cleanupHistory(ctx context.Context, ds *appsv1.DaemonSet, old []*appsv1.ControllerRevision, byNode map[string][]*corev1.Pod) error {
	limit := 10
	if ds.Spec.RevisionHistoryLimit != nil {
		limit = int(*ds.Spec.RevisionHistoryLimit)
	}
	live := map[string]bool{}
	for _, pods := range byNode {
		for _, pod := range pods {
			if h := pod.Labels[hashLabel]; h != "" {
				live[h] = true
			}
		}
	}
	return c.history.Truncate(ctx, old, func(r *appsv1.ControllerRevision) bool { return live[r.Labels[hashLabel]] }, limit)
}
