package statefulset

import (
	"context"
	"encoding/json"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/strategicpatch"

	"github.com/kapi-dev/kapi/pkg/controller/internal/history"
)

// newRevision returns the revision of set's current template, numbered revision.
func newRevision(set *appsv1.StatefulSet, revision int64, collisionCount *int32) (*appsv1.ControllerRevision, error) {
	patch, err := history.TemplatePatch(&set.Spec.Template)
	if err != nil {
		return nil, err
	}
	cr := history.New(set, controllerKind, set.Spec.Template.Labels, runtime.RawExtension{Raw: patch}, revision, collisionCount)
	if len(set.Annotations) > 0 {
		cr.Annotations = copyMap(set.Annotations)
	}
	return cr, nil
}

// applyRevision returns set with the template that revision recorded.
func applyRevision(set *appsv1.StatefulSet, revision *appsv1.ControllerRevision) (*appsv1.StatefulSet, error) {
	original, err := json.Marshal(set)
	if err != nil {
		return nil, err
	}
	patched, err := strategicpatch.StrategicMergePatch(original, revision.Data.Raw, &appsv1.StatefulSet{})
	if err != nil {
		return nil, fmt.Errorf("applying revision %s: %w", revision.Name, err)
	}
	restored := &appsv1.StatefulSet{}
	if err := json.Unmarshal(patched, restored); err != nil {
		return nil, err
	}
	return restored, nil
}

// currentAndUpdate returns set's current and update revisions, creating the update revision when its
// template has none, and the collision count to keep in its status. revisions must be sorted.
func (c *Controller) currentAndUpdate(ctx context.Context, set *appsv1.StatefulSet, revisions []*appsv1.ControllerRevision) (current, update *appsv1.ControllerRevision, collisionCount int32, err error) {
	if set.Status.CollisionCount != nil {
		collisionCount = *set.Status.CollisionCount
	}
	update, err = newRevision(set, history.Next(revisions), &collisionCount)
	if err != nil {
		return nil, nil, collisionCount, err
	}
	equal := history.FindEqual(revisions, update)
	switch {
	case len(equal) > 0 && equal[len(equal)-1] == revisions[len(revisions)-1]:
		// The newest revision already records the template.
		update = revisions[len(revisions)-1]
	case len(equal) > 0:
		// An older template came back: it becomes the newest revision again.
		update, err = c.history.Renumber(ctx, equal[len(equal)-1], update.Revision)
	default:
		update, err = c.history.Create(ctx, set, update, &collisionCount)
	}
	if err != nil {
		return nil, nil, collisionCount, err
	}
	for _, r := range revisions {
		if r.Name == set.Status.CurrentRevision {
			current = r
		}
	}
	if current == nil {
		current = update
	}
	return current, update, collisionCount, nil
}

// truncateHistory deletes set's oldest revisions beyond its revisionHistoryLimit, keeping those of
// its pods and its current and update revisions.
func (c *Controller) truncateHistory(ctx context.Context, set *appsv1.StatefulSet, revisions []*appsv1.ControllerRevision, current, update *appsv1.ControllerRevision, podRevisions map[string]bool) error {
	limit := 10
	if set.Spec.RevisionHistoryLimit != nil {
		limit = int(*set.Spec.RevisionHistoryLimit)
	}
	live := func(r *appsv1.ControllerRevision) bool {
		return r.Name == current.Name || r.Name == update.Name || podRevisions[r.Name]
	}
	return c.history.Truncate(ctx, revisions, live, limit)
}
