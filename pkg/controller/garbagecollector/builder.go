package garbagecollector

import (
	"context"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/utils/lru"
)

type eventType int

const (
	addEvent eventType = iota
	updateEvent
	deleteEvent
)

func (t eventType) String() string {
	switch t {
	case addEvent:
		return "add"
	case updateEvent:
		return "update"
	default:
		return "delete"
	}
}

// event is one change of an object as an informer reported it, or a virtual deletion: the collector's
// finding that an object the graph holds does not exist.
type event struct {
	virtual   bool
	eventType eventType
	obj       metav1.Object
	// old is the object before an update.
	old metav1.Object
	gvk schema.GroupVersionKind
}

func (e *event) identity() objectReference {
	return objectReference{
		APIVersion: e.gvk.GroupVersion().String(),
		Kind:       e.gvk.Kind,
		Name:       e.obj.GetName(),
		UID:        e.obj.GetUID(),
		Namespace:  e.obj.GetNamespace(),
	}
}

// graphBuilder turns the informers' events into the dependency graph, in one goroutine, and queues
// the objects that a change may have made collectable (attemptToDelete) or whose dependents are to be
// orphaned (attemptToOrphan).
type graphBuilder struct {
	graph   *uidToNode
	changes workqueue.TypedInterface[*event]

	attemptToDelete workqueue.TypedRateLimitingInterface[*node]
	attemptToOrphan workqueue.TypedRateLimitingInterface[*node]
	// absent remembers owners the API server said do not exist, by objectReference.
	absent *lru.Cache

	recorder record.EventRecorder
}

func newGraphBuilder(attemptToDelete, attemptToOrphan workqueue.TypedRateLimitingInterface[*node], absent *lru.Cache, recorder record.EventRecorder) *graphBuilder {
	return &graphBuilder{
		graph:           newUIDToNode(),
		changes:         workqueue.NewTypedWithConfig(workqueue.TypedQueueConfig[*event]{Name: "garbage_collector_graph_changes"}),
		attemptToDelete: attemptToDelete,
		attemptToOrphan: attemptToOrphan,
		absent:          absent,
		recorder:        recorder,
	}
}

// handlers returns the informer handlers that feed the objects of kind gvk to the builder.
func (gb *graphBuilder) handlers(gvk schema.GroupVersionKind) cache.ResourceEventHandler {
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { gb.enqueue(addEvent, obj, nil, gvk) },
		UpdateFunc: func(old, obj any) {
			gb.enqueue(updateEvent, obj, old, gvk)
		},
		DeleteFunc: func(obj any) {
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			gb.enqueue(deleteEvent, obj, nil, gvk)
		},
	}
}

func (gb *graphBuilder) enqueue(t eventType, obj, old any, gvk schema.GroupVersionKind) {
	o, ok := obj.(metav1.Object)
	if !ok {
		klog.InfoS("Garbage collector ignores an object without metadata", "object", obj)
		return
	}
	e := &event{eventType: t, obj: o, gvk: gvk}
	if before, ok := old.(metav1.Object); ok {
		e.old = before
	}
	gb.changes.Add(e)
}

// enqueueVirtualDelete tells the builder that the object ref names does not exist.
func (gb *graphBuilder) enqueueVirtualDelete(ref objectReference) {
	gv, _ := schema.ParseGroupVersion(ref.APIVersion)
	gb.changes.Add(&event{
		virtual:   true,
		eventType: deleteEvent,
		gvk:       gv.WithKind(ref.Kind),
		obj:       &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: ref.Namespace, Name: ref.Name, UID: ref.UID}},
	})
}

// run processes changes until the queue shuts down.
func (gb *graphBuilder) run(ctx context.Context) {
	for {
		e, quit := gb.changes.Get()
		if quit {
			return
		}
		gb.process(klog.FromContext(ctx), e)
		gb.changes.Done(e)
	}
}

// process applies one event to the graph.
func (gb *graphBuilder) process(logger klog.Logger, e *event) {
	obj := e.obj
	logger.V(5).Info("Garbage collector graph change", "kind", e.gvk, "object", klog.KObj(obj), "uid", obj.GetUID(), "event", e.eventType, "virtual", e.virtual)

	existing, found := gb.graph.read(obj.GetUID())
	if found && !e.virtual && !existing.isObserved() {
		existing = gb.observe(logger, existing, e.identity())
	}

	switch {
	case e.eventType != deleteEvent && !found:
		n := newNode(e.identity(), obj.GetOwnerReferences())
		n.beingDeleted = obj.GetDeletionTimestamp() != nil
		n.deletingDependents = n.beingDeleted && hasFinalizer(obj, metav1.FinalizerDeleteDependents)
		gb.graph.write(n)
		gb.addDependentToOwners(logger, n, n.owners)
		// An informer may fold a creation and the start of a deletion into one event.
		gb.processTransitions(logger, e.old, obj, n)

	case e.eventType != deleteEvent:
		if !e.virtual && (existing.identity.APIVersion != e.gvk.GroupVersion().String() || existing.identity.Kind != e.gvk.Kind) {
			// The object is now seen through another version or kind.
			replacement := existing.clone()
			replacement.identity.APIVersion = e.gvk.GroupVersion().String()
			replacement.identity.Kind = e.gvk.Kind
			gb.graph.write(replacement)
			for _, ref := range replacement.getOwners() {
				if owner, ok := gb.graph.read(ref.UID); ok {
					owner.replaceDependent(existing, replacement)
				}
			}
			existing = replacement
		}
		added, removed, changed := diffReferences(existing.getOwners(), obj.GetOwnerReferences())
		if len(added)+len(removed)+len(changed) > 0 {
			// Owners waiting for their dependents may have stopped waiting for this one.
			for _, uid := range unblocked(removed, changed) {
				if owner, ok := gb.graph.read(uid); ok {
					gb.attemptToDelete.Add(owner)
				}
			}
			existing.setOwners(obj.GetOwnerReferences())
			gb.addDependentToOwners(logger, existing, added)
			gb.removeDependentFromOwners(existing, removed)
		}
		if obj.GetDeletionTimestamp() != nil {
			existing.markBeingDeleted()
		}
		gb.processTransitions(logger, e.old, obj, existing)

	default:
		if !found {
			logger.V(5).Info("Garbage collector got a deletion of an object not in the graph", "uid", obj.GetUID())
			return
		}
		if e.virtual && !gb.acceptVirtualDelete(existing, e.identity()) {
			return
		}
		gb.removeNode(existing)
		dependents := existing.getDependents()
		if len(dependents) > 0 {
			gb.absent.Add(e.identity(), nil)
		}
		for _, d := range dependents {
			gb.attemptToDelete.Add(d)
		}
		// An owner deleting its dependents in the foreground may have waited for this one.
		for _, ref := range existing.getOwners() {
			if owner, ok := gb.graph.read(ref.UID); ok && owner.isDeletingDependents() {
				gb.attemptToDelete.Add(owner)
			}
		}
	}
}

// observe marks a virtual node as seen by an informer, with the identity the informer gave. If the
// dependents named the owner otherwise, those that disagree are checked again, and those in another
// namespace than a namespaced owner are reported.
func (gb *graphBuilder) observe(logger klog.Logger, n *node, observed objectReference) *node {
	if observed != n.identity {
		_, disagreeing := partitionDependents(n.getDependents(), observed)
		for _, d := range disagreeing {
			if observed.Namespace != "" && d.identity.Namespace != observed.Namespace {
				logger.V(2).Info("Object references an owner in another namespace", "object", d.identity, "owner", observed)
				gb.reportInvalidNamespace(d, observed.UID)
			}
			gb.attemptToDelete.Add(d)
		}
		logger.V(2).Info("Replacing virtual object with observed object", "virtual", n.identity, "observed", observed)
		replacement := n.clone()
		replacement.identity = observed
		gb.graph.write(replacement)
		n = replacement
	}
	n.markObserved()
	return n
}

// acceptVirtualDelete decides what a virtual deletion of deleted does to n, the node of that uid, and
// reports whether n is to be removed. When dependents name the uid with other coordinates than
// deleted, the node stays: only the dependents that used deleted's coordinates are checked again, and
// a virtual node takes the next identity the dependents give it.
func (gb *graphBuilder) acceptVirtualDelete(n *node, deleted objectReference) bool {
	matching, nonmatching := partitionDependents(n.getDependents(), deleted)
	if n.isObserved() {
		if n.identity == deleted {
			return true
		}
		// The object exists with other coordinates; only references by deleted's are dangling.
		gb.markAbsent(deleted, matching)
		return false
	}
	if len(nonmatching) == 0 {
		return true
	}
	gb.markAbsent(deleted, matching)
	if n.identity == deleted {
		if alt := alternateIdentity(nonmatching, deleted); alt != nil {
			replacement := n.clone()
			replacement.identity = *alt
			gb.graph.write(replacement)
			gb.attemptToDelete.AddRateLimited(replacement)
		}
	}
	return false
}

func (gb *graphBuilder) markAbsent(ref objectReference, dependents []*node) {
	if len(dependents) == 0 {
		return
	}
	gb.absent.Add(ref, nil)
	for _, d := range dependents {
		gb.attemptToDelete.Add(d)
	}
}

// addDependentToOwners adds n to the dependents of the owners refs name. An owner not in the graph
// gets a virtual node, which the collector checks against the API server. A reference that does not
// agree with an observed owner's namespace or coordinates has n checked again.
func (gb *graphBuilder) addDependentToOwners(logger klog.Logger, n *node, refs []metav1.OwnerReference) {
	suspect := false
	for _, ref := range refs {
		owner, ok := gb.graph.read(ref.UID)
		if !ok {
			owner = newNode(referenceAt(ref, n.identity.Namespace), nil)
			owner.virtual = true
			logger.V(5).Info("Adding virtual owner to the garbage collector's graph", "owner", owner.identity)
			gb.graph.write(owner)
			owner.addDependent(n)
			gb.attemptToDelete.Add(owner)
			continue
		}
		owner.addDependent(n)
		if suspect {
			continue
		}
		namespaced := owner.identity.Namespace != ""
		switch {
		case namespaced && owner.identity.Namespace != n.identity.Namespace:
			if owner.isObserved() {
				logger.V(2).Info("Object references an owner in another namespace", "object", n.identity, "owner", owner.identity)
				gb.reportInvalidNamespace(n, ref.UID)
			}
			suspect = true
		case !sameCoordinates(coordinates(ref), owner.identity):
			if owner.isObserved() {
				logger.V(2).Info("Object references an owner with other coordinates than observed", "object", n.identity, "owner", owner.identity)
			}
			suspect = true
		case !namespaced && owner.identity.Namespace != n.identity.Namespace && !owner.isObserved():
			// A virtual cluster-scoped owner may be a missing namespaced object that a
			// cluster-scoped dependent names.
			suspect = true
		}
	}
	if suspect {
		gb.attemptToDelete.Add(n)
	}
}

// reportInvalidNamespace records kube-controller-manager's warning on n for its reference to the
// namespaced owner of uid, which is not in n's namespace.
func (gb *graphBuilder) reportInvalidNamespace(n *node, uid types.UID) {
	i := slices.IndexFunc(n.getOwners(), func(ref metav1.OwnerReference) bool { return ref.UID == uid })
	if i < 0 {
		return
	}
	invalid := referenceAt(n.getOwners()[i], n.identity.Namespace)
	involved := &corev1.ObjectReference{
		APIVersion: n.identity.APIVersion,
		Kind:       n.identity.Kind,
		Namespace:  n.identity.Namespace,
		Name:       n.identity.Name,
		UID:        n.identity.UID,
	}
	gb.recorder.Eventf(involved, corev1.EventTypeWarning, "OwnerRefInvalidNamespace", "ownerRef %s does not exist in namespace %q", invalid, n.identity.Namespace)
}

func (gb *graphBuilder) removeDependentFromOwners(n *node, refs []metav1.OwnerReference) {
	for _, ref := range refs {
		if owner, ok := gb.graph.read(ref.UID); ok {
			owner.deleteDependent(n)
		}
	}
}

func (gb *graphBuilder) removeNode(n *node) {
	gb.graph.delete(n.identity.UID)
	gb.removeDependentFromOwners(n, n.getOwners())
}

// processTransitions queues an object whose deletion just started with the orphan finalizer for
// orphaning, and one whose deletion just started with the foregroundDeletion finalizer, with all its
// dependents, for collection.
func (gb *graphBuilder) processTransitions(logger klog.Logger, old, obj metav1.Object, n *node) {
	if deletionStarts(old, obj, metav1.FinalizerOrphanDependents) {
		logger.V(5).Info("Orphaning the dependents of object", "object", n.identity)
		gb.attemptToOrphan.Add(n)
		return
	}
	if deletionStarts(old, obj, metav1.FinalizerDeleteDependents) {
		logger.V(2).Info("Deleting the dependents of object in the foreground", "object", n.identity)
		// A node added as virtual did not know it, so it is set in any case.
		n.markDeletingDependents()
		for _, d := range n.getDependents() {
			gb.attemptToDelete.Add(d)
		}
		gb.attemptToDelete.Add(n)
	}
}

// deletionStarts reports whether obj is being deleted with finalizer and old (nil for an added
// object) was not.
func deletionStarts(old, obj metav1.Object, finalizer string) bool {
	if obj.GetDeletionTimestamp() == nil || !hasFinalizer(obj, finalizer) {
		return false
	}
	return old == nil || old.GetDeletionTimestamp() == nil || !hasFinalizer(old, finalizer)
}

func hasFinalizer(obj metav1.Object, finalizer string) bool {
	return slices.Contains(obj.GetFinalizers(), finalizer)
}
