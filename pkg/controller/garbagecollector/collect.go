package garbagecollector

import (
	"context"
	"errors"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/klog/v2"
)

// isDangling reports whether ref, an owner reference of item, names an object that does not exist,
// asking the API server unless the owner is known to be absent. When it asks, it returns the owner.
func (gc *GarbageCollector) isDangling(ctx context.Context, ref metav1.OwnerReference, item *node) (bool, *metav1.PartialObjectMetadata, error) {
	logger := klog.FromContext(ctx)
	key := coordinates(ref)
	if _, ok := gc.absent.Get(key); ok {
		logger.V(5).Info("According to the absentOwnerCache, item's owner does not exist", "item", item.identity, "owner", ref)
		return true, nil, nil
	}
	key.Namespace = item.identity.Namespace
	if _, ok := gc.absent.Get(key); ok {
		logger.V(5).Info("According to the absentOwnerCache, item's owner does not exist in namespace", "item", item.identity, "owner", ref)
		return true, nil, nil
	}
	resource, namespaced, err := gc.apiResource(ref.APIVersion, ref.Kind)
	if err != nil {
		return false, nil, err
	}
	if !namespaced {
		key.Namespace = ""
	}
	if item.identity.Namespace == "" && namespaced {
		logger.V(2).Info("Item is cluster-scoped, but refers to a namespaced owner", "item", item.identity, "owner", ref)
		return false, nil, errNamespacedOwnerOfClusterScope
	}
	owner, err := gc.metadata.Resource(resource).Namespace(scopedNamespace(namespaced, item.identity.Namespace)).Get(ctx, ref.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		gc.absent.Add(key, nil)
		logger.V(5).Info("Item's owner is not found", "item", item.identity, "owner", ref)
		return true, nil, nil
	case err != nil:
		return false, nil, err
	case owner.UID != ref.UID:
		gc.absent.Add(key, nil)
		logger.V(5).Info("Item's owner is not found, UID mismatch", "item", item.identity, "owner", ref)
		return true, nil, nil
	}
	return false, owner, nil
}

// classifyReferences sorts refs into the owners that exist (solid), those that do not (dangling), and
// those that exist and wait, with the foregroundDeletion finalizer, for their dependents to go.
func (gc *GarbageCollector) classifyReferences(ctx context.Context, item *node, refs []metav1.OwnerReference) (solid, dangling, waiting []metav1.OwnerReference, err error) {
	for _, ref := range refs {
		isDangling, owner, err := gc.isDangling(ctx, ref, item)
		if err != nil {
			return nil, nil, nil, err
		}
		switch {
		case isDangling:
			dangling = append(dangling, ref)
		case owner.DeletionTimestamp != nil && hasFinalizer(owner, metav1.FinalizerDeleteDependents):
			waiting = append(waiting, ref)
		default:
			solid = append(solid, ref)
		}
	}
	return solid, dangling, waiting, nil
}

func uids(refs ...[]metav1.OwnerReference) []types.UID {
	var out []types.UID
	for _, list := range refs {
		for _, ref := range list {
			out = append(out, ref.UID)
		}
	}
	return out
}

// attemptToDeleteItem reads item's live object and deletes it if it has owner references and none
// of its owners exists; references to absent owners, or to owners deleting their dependents in the
// foreground, are removed from an object that keeps another owner. An object that is gone, or has
// another uid, leaves the graph through a virtual delete event (errEnqueuedVirtualDelete). An
// object waiting for its own dependents has its finalizer removed once none blocks it.
func (gc *GarbageCollector) attemptToDeleteItem(ctx context.Context, item *node) error {
	logger := klog.FromContext(ctx)
	logger.V(2).Info("Processing item", "item", item.identity, "virtual", !item.isObserved())

	// Deletion is a one-way trip: wait for it to end, which processes the dependents.
	if item.isBeingDeleted() && !item.isDeletingDependents() {
		logger.V(5).Info("Processing item returned at once, because its DeletionTimestamp is non-nil", "item", item.identity)
		return nil
	}
	latest, err := gc.getObject(ctx, item.identity)
	switch {
	case apierrors.IsNotFound(err):
		logger.V(5).Info("Item not found, generating a virtual delete event", "item", item.identity)
		gc.builder.enqueueVirtualDelete(item.identity)
		return errEnqueuedVirtualDelete
	case err != nil:
		return err
	case latest.UID != item.identity.UID:
		logger.V(5).Info("UID doesn't match, item not found, generating a virtual delete event", "item", item.identity)
		gc.builder.enqueueVirtualDelete(item.identity)
		return errEnqueuedVirtualDelete
	}

	if item.isDeletingDependents() {
		return gc.processDeletingDependentsItem(ctx, item)
	}

	refs := latest.OwnerReferences
	if len(refs) == 0 {
		logger.V(2).Info("Item doesn't have an owner, continue on next item", "item", item.identity)
		return nil
	}
	solid, dangling, waiting, err := gc.classifyReferences(ctx, item, refs)
	if err != nil {
		return err
	}
	logger.V(5).Info("Classify item's references", "item", item.identity, "solid", solid, "dangling", dangling, "waitingForDependentsDeletion", waiting)

	switch {
	case len(solid) > 0:
		if len(dangling) == 0 && len(waiting) == 0 {
			logger.V(2).Info("Item has at least one existing owner, will not garbage collect", "item", item.identity, "owner", solid)
			return nil
		}
		// The references to waiting owners go as well, or they would wait for this object forever.
		logger.V(2).Info("Remove dangling references and waiting references for item", "item", item.identity, "dangling", dangling, "waitingForDependentsDeletion", waiting)
		remove := uids(dangling, waiting)
		strategic, err := deleteOwnerRefsStrategicPatch(item.identity.UID, remove...)
		if err != nil {
			return err
		}
		return gc.patch(ctx, item, strategic, func(current *metav1.PartialObjectMetadata) ([]byte, error) {
			return deleteOwnerRefsMergePatch(current, remove...)
		})

	case len(waiting) > 0 && item.dependentsLength() > 0:
		for _, d := range item.getDependents() {
			if !d.isDeletingDependents() {
				continue
			}
			// An owner and a dependent of item both wait for their dependents: lest they wait for
			// each other, item stops blocking its owners before it is deleted in the foreground.
			logger.V(2).Info("Processing item, some of its owners and its dependent have FinalizerDeletingDependents, to prevent potential cycle, its ownerReferences are going to be modified to be non-blocking, then the item is going to be deleted with Foreground", "item", item.identity, "dependent", d.identity)
			strategic, err := unblockOwnerRefsStrategicPatch(item.identity.UID, item.getOwners())
			if err != nil {
				return err
			}
			if err := gc.patch(ctx, item, strategic, unblockOwnerRefsMergePatch); err != nil {
				return err
			}
			break
		}
		logger.V(2).Info("At least one owner of item has FinalizerDeletingDependents, and the item itself has dependents, so it is going to be deleted in Foreground", "item", item.identity)
		return gc.deleteItem(ctx, item, latest, metav1.DeletePropagationForeground)

	default:
		// No owner remains and none waits: delete, keeping the policy a finalizer already asks for.
		policy := metav1.DeletePropagationBackground
		switch {
		case hasFinalizer(latest, metav1.FinalizerOrphanDependents):
			policy = metav1.DeletePropagationOrphan
		case hasFinalizer(latest, metav1.FinalizerDeleteDependents):
			policy = metav1.DeletePropagationForeground
		}
		logger.V(2).Info("Deleting item", "item", item.identity, "propagationPolicy", policy)
		return gc.deleteItem(ctx, item, latest, policy)
	}
}

// deleteItem deletes item as latest showed it.
func (gc *GarbageCollector) deleteItem(ctx context.Context, item *node, latest *metav1.PartialObjectMetadata, policy metav1.DeletionPropagation) error {
	err := gc.deleteObject(ctx, item.identity, latest.ResourceVersion, latest.OwnerReferences, policy)
	if apierrors.IsNotFound(err) {
		gc.builder.enqueueVirtualDelete(item.identity)
		return errEnqueuedVirtualDelete
	}
	return err
}

// processDeletingDependentsItem removes the foregroundDeletion finalizer from item once no dependent
// blocks it, and otherwise queues the blocking dependents for deletion.
func (gc *GarbageCollector) processDeletingDependentsItem(ctx context.Context, item *node) error {
	logger := klog.FromContext(ctx)
	blocking := item.blockingDependents()
	if len(blocking) == 0 {
		logger.V(2).Info("Remove DeleteDependents finalizer for item", "item", item.identity)
		return gc.removeFinalizer(ctx, item, metav1.FinalizerDeleteDependents)
	}
	for _, d := range blocking {
		if !d.isDeletingDependents() {
			logger.V(2).Info("Adding dependent to attemptToDelete, because its owner is deletingDependents", "item", item.identity, "dependent", d.identity)
			gc.attemptToDelete.Add(d)
		}
	}
	return nil
}

// orphan removes the references to owner from its dependents, then owner's orphan finalizer.
func (gc *GarbageCollector) orphan(ctx context.Context, owner *node) error {
	if err := gc.orphanDependents(ctx, owner.identity, owner.getDependents()); err != nil {
		return err
	}
	if err := gc.removeFinalizer(ctx, owner, metav1.FinalizerOrphanDependents); err != nil {
		return fmt.Errorf("removeOrphanFinalizer for %s failed with %w", owner.identity, err)
	}
	return nil
}

// orphanDependents removes the references to owner from dependents, in parallel.
func (gc *GarbageCollector) orphanDependents(ctx context.Context, owner objectReference, dependents []*node) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, d := range dependents {
		wg.Go(func() {
			// The dependent's uid in the patch makes it fail on another object of the same name.
			strategic, err := deleteOwnerRefsStrategicPatch(d.identity.UID, owner.UID)
			if err == nil {
				err = gc.patch(ctx, d, strategic, func(current *metav1.PartialObjectMetadata) ([]byte, error) {
					return deleteOwnerRefsMergePatch(current, owner.UID)
				})
			}
			// A reference already gone is no error for a strategic merge patch.
			if err != nil && !apierrors.IsNotFound(err) {
				mu.Lock()
				errs = append(errs, fmt.Errorf("orphaning %s failed, %w", d.identity, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("failed to orphan dependents of owner %s, got errors: %w", owner, errors.Join(errs...))
	}
	klog.FromContext(ctx).V(5).Info("Successfully updated all dependents", "owner", owner)
	return nil
}
