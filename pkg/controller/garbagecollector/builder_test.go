package garbagecollector

import (
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"
	"k8s.io/utils/lru"
	"k8s.io/utils/ptr"
)

var (
	configMapKind = schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}
	clusterRole   = schema.GroupVersionKind{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole"}
)

// testBuilder is a graph builder whose queues and events the test reads.
type testBuilder struct {
	*graphBuilder
	events *record.FakeRecorder
}

func newTestBuilder(t *testing.T) testBuilder {
	t.Helper()
	del, orphan := newNodeQueue("delete"), newNodeQueue("orphan")
	recorder := record.NewFakeRecorder(10)
	gb := newGraphBuilder(del, orphan, lru.New(10), recorder)
	t.Cleanup(func() {
		del.ShutDown()
		orphan.ShutDown()
		gb.changes.ShutDown()
	})
	return testBuilder{graphBuilder: gb, events: recorder}
}

// object is the metadata of an object for the builder's events.
func object(namespace, name string, uid types.UID, owners ...metav1.OwnerReference) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name, UID: uid, OwnerReferences: owners}}
}

func deleting(obj *metav1.PartialObjectMetadata, finalizers ...string) *metav1.PartialObjectMetadata {
	c := obj.DeepCopy()
	c.DeletionTimestamp = &metav1.Time{Time: time.Now()}
	c.Finalizers = finalizers
	return c
}

func refTo(kind schema.GroupVersionKind, name string, uid types.UID, block bool) metav1.OwnerReference {
	ref := metav1.OwnerReference{APIVersion: kind.GroupVersion().String(), Kind: kind.Kind, Name: name, UID: uid}
	if block {
		ref.BlockOwnerDeletion = ptr.To(true)
	}
	return ref
}

func (b testBuilder) add(kind schema.GroupVersionKind, obj metav1.Object) {
	b.process(klog.Background(), &event{eventType: addEvent, obj: obj, gvk: kind})
}

func (b testBuilder) update(kind schema.GroupVersionKind, old, obj metav1.Object) {
	b.process(klog.Background(), &event{eventType: updateEvent, obj: obj, old: old, gvk: kind})
}

func (b testBuilder) remove(kind schema.GroupVersionKind, obj metav1.Object) {
	b.process(klog.Background(), &event{eventType: deleteEvent, obj: obj, gvk: kind})
}

// drain empties a queue and returns the names of its nodes, sorted, virtual ones marked with '?'.
func drain(q interface {
	Len() int
	Get() (*node, bool)
	Done(*node)
	Forget(*node)
}) []string {
	var names []string
	for q.Len() > 0 {
		n, _ := q.Get()
		name := n.identity.Name
		if !n.isObserved() {
			name += "?"
		}
		names = append(names, name)
		q.Forget(n)
		q.Done(n)
	}
	slices.Sort(names)
	return names
}

func expectQueued(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: queued %v, want %v", what, got, want)
	}
}

func (b testBuilder) node(t *testing.T, uid types.UID) *node {
	t.Helper()
	n, ok := b.graph.read(uid)
	if !ok {
		t.Fatalf("no node for %s", uid)
	}
	return n
}

func TestBuilderVirtualOwnerThenObserved(t *testing.T) {
	b := newTestBuilder(t)
	b.add(configMapKind, object("ns", "child", "c", refTo(configMapKind, "owner", "o", false)))

	owner := b.node(t, "o")
	if owner.isObserved() || owner.identity != (objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "o", Namespace: "ns"}) {
		t.Fatalf("owner node before its object is seen: observed %v, identity %s", owner.isObserved(), owner.identity)
	}
	expectQueued(t, "a dependent of an unknown owner", drain(b.attemptToDelete), "owner?")

	b.add(configMapKind, object("ns", "owner", "o"))
	if !b.node(t, "o").isObserved() {
		t.Error("owner is still virtual once observed")
	}
	if deps := b.node(t, "o").getDependents(); len(deps) != 1 || deps[0].identity.UID != "c" {
		t.Errorf("owner's dependents = %v, want child", deps)
	}
	expectQueued(t, "the owner observed with the coordinates the dependent gave", drain(b.attemptToDelete))
}

func TestBuilderOwnerDeletion(t *testing.T) {
	b := newTestBuilder(t)
	owner := object("ns", "owner", "o")
	b.add(configMapKind, owner)
	b.add(configMapKind, object("ns", "a", "a", refTo(configMapKind, "owner", "o", false)))
	b.add(configMapKind, object("ns", "b", "b", refTo(configMapKind, "owner", "o", true)))
	b.add(configMapKind, object("ns", "unrelated", "u"))
	expectQueued(t, "dependents of an observed owner", drain(b.attemptToDelete))

	b.remove(configMapKind, owner)
	if _, ok := b.graph.read("o"); ok {
		t.Error("the deleted owner is still in the graph")
	}
	expectQueued(t, "after the owner's deletion", drain(b.attemptToDelete), "a", "b")
	if _, absent := b.absent.Get(objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "o", Namespace: "ns"}); !absent {
		t.Error("the deleted owner is not remembered as absent")
	}
}

func TestBuilderForegroundDeletion(t *testing.T) {
	b := newTestBuilder(t)
	owner := object("ns", "owner", "o")
	b.add(configMapKind, owner)
	child := object("ns", "child", "c", refTo(configMapKind, "owner", "o", true))
	b.add(configMapKind, child)
	b.add(configMapKind, object("ns", "other", "x", refTo(configMapKind, "owner", "o", false)))
	drain(b.attemptToDelete)

	b.update(configMapKind, owner, deleting(owner, metav1.FinalizerDeleteDependents))
	n := b.node(t, "o")
	if !n.isDeletingDependents() || !n.isBeingDeleted() {
		t.Errorf("owner deleting in the foreground: deletingDependents %v, beingDeleted %v", n.isDeletingDependents(), n.isBeingDeleted())
	}
	expectQueued(t, "the owner's foreground deletion", drain(b.attemptToDelete), "child", "other", "owner")
	if blocking := n.blockingDependents(); len(blocking) != 1 || blocking[0].identity.UID != "c" {
		t.Errorf("blocking dependents = %v, want child", blocking)
	}

	// The same state again is no new transition.
	b.update(configMapKind, deleting(owner, metav1.FinalizerDeleteDependents), deleting(owner, metav1.FinalizerDeleteDependents))
	expectQueued(t, "an update of an owner already deleting", drain(b.attemptToDelete))

	// The blocking dependent's deletion wakes the owner.
	b.remove(configMapKind, child)
	expectQueued(t, "the blocking dependent's deletion", drain(b.attemptToDelete), "owner")
}

func TestBuilderOrphanDeletion(t *testing.T) {
	b := newTestBuilder(t)
	owner := object("ns", "owner", "o")
	b.add(configMapKind, owner)
	b.add(configMapKind, object("ns", "child", "c", refTo(configMapKind, "owner", "o", false)))
	b.update(configMapKind, owner, deleting(owner, metav1.FinalizerOrphanDependents))
	expectQueued(t, "orphaning", drain(b.attemptToOrphan), "owner")
	expectQueued(t, "orphaning deletes nothing", drain(b.attemptToDelete))

	// An object first seen already deleting with the orphan finalizer is orphaned as well.
	b.add(configMapKind, deleting(object("ns", "late", "l"), metav1.FinalizerOrphanDependents))
	expectQueued(t, "an orphaning object first seen", drain(b.attemptToOrphan), "late")
}

func TestBuilderUnblockingUpdate(t *testing.T) {
	b := newTestBuilder(t)
	b.add(configMapKind, object("ns", "owner", "o"))
	b.add(configMapKind, object("ns", "second", "s"))
	blocked := object("ns", "child", "c", refTo(configMapKind, "owner", "o", true), refTo(configMapKind, "second", "s", true))
	b.add(configMapKind, blocked)
	drain(b.attemptToDelete)

	// child stops blocking owner and no longer names second.
	updated := object("ns", "child", "c", refTo(configMapKind, "owner", "o", false))
	b.update(configMapKind, blocked, updated)
	expectQueued(t, "owners child stopped blocking", drain(b.attemptToDelete), "owner", "second")
	if deps := b.node(t, "s").getDependents(); len(deps) != 0 {
		t.Errorf("second still has dependents %v", deps)
	}
	if got := b.node(t, "c").getOwners(); len(got) != 1 || isBlocking(got[0]) {
		t.Errorf("child's owners = %v", got)
	}
}

func TestBuilderInvalidNamespace(t *testing.T) {
	b := newTestBuilder(t)
	b.add(configMapKind, object("a", "owner", "o"))

	// A dependent in another namespace, and a cluster-scoped one, of a namespaced owner.
	b.add(configMapKind, object("b", "cross", "x", refTo(configMapKind, "owner", "o", false)))
	b.add(clusterRole, object("", "role", "r", refTo(configMapKind, "owner", "o", false)))
	expectQueued(t, "invalid dependents", drain(b.attemptToDelete), "cross", "role")
	want := []string{
		`Warning OwnerRefInvalidNamespace ownerRef [v1/ConfigMap, namespace: b, name: owner, uid: o] does not exist in namespace "b"`,
		`Warning OwnerRefInvalidNamespace ownerRef [v1/ConfigMap, namespace: , name: owner, uid: o] does not exist in namespace ""`,
	}
	for _, w := range want {
		select {
		case got := <-b.events.Events:
			if got != w {
				t.Errorf("event %q, want %q", got, w)
			}
		default:
			t.Errorf("no event %q", w)
		}
	}
}

func TestBuilderInvalidNamespaceDependentFirst(t *testing.T) {
	b := newTestBuilder(t)
	// The dependent is seen before its owner in another namespace: the virtual owner takes the
	// dependent's namespace, and the owner's observation shows the mismatch.
	b.add(configMapKind, object("b", "cross", "x", refTo(configMapKind, "owner", "o", false)))
	expectQueued(t, "virtual owner", drain(b.attemptToDelete), "owner?")
	b.add(configMapKind, object("a", "owner", "o"))
	expectQueued(t, "owner observed elsewhere", drain(b.attemptToDelete), "cross")
	select {
	case got := <-b.events.Events:
		if !strings.Contains(got, "OwnerRefInvalidNamespace") || !strings.Contains(got, `namespace "b"`) {
			t.Errorf("event %q", got)
		}
	default:
		t.Error("no OwnerRefInvalidNamespace event")
	}
	if got := b.node(t, "o").identity.Namespace; got != "a" {
		t.Errorf("owner's namespace in the graph = %q, want the observed a", got)
	}
}

func TestBuilderVirtualDelete(t *testing.T) {
	b := newTestBuilder(t)
	b.add(configMapKind, object("ns", "child", "c", refTo(configMapKind, "ghost", "g", false)))
	drain(b.attemptToDelete)

	b.process(klog.Background(), &event{virtual: true, eventType: deleteEvent, gvk: configMapKind, obj: object("ns", "ghost", "g")})
	if _, ok := b.graph.read("g"); ok {
		t.Error("the virtual owner stays after its virtual deletion")
	}
	expectQueued(t, "the dependents of a ghost", drain(b.attemptToDelete), "child")

	// A virtual deletion does not remove an observed object of other coordinates; only the
	// dependents that used the deleted coordinates are checked again.
	b.add(configMapKind, object("ns", "owner", "o"))
	b.add(configMapKind, object("ns", "wrong-name", "w", refTo(configMapKind, "not-owner", "o", false)))
	drain(b.attemptToDelete)
	b.process(klog.Background(), &event{virtual: true, eventType: deleteEvent, gvk: configMapKind, obj: object("ns", "not-owner", "o")})
	if _, ok := b.graph.read("o"); !ok {
		t.Error("a virtual deletion removed an observed object")
	}
	expectQueued(t, "the dependent that named the owner otherwise", drain(b.attemptToDelete), "wrong-name")
}

func TestBuilderVirtualDeleteAlternateIdentity(t *testing.T) {
	b := newTestBuilder(t)
	// Two dependents name the same uid with different names.
	b.add(configMapKind, object("ns", "d1", "d1", refTo(configMapKind, "alpha", "o", false)))
	b.add(configMapKind, object("ns", "d2", "d2", refTo(configMapKind, "beta", "o", false)))
	drain(b.attemptToDelete)
	first := b.node(t, "o").identity

	b.process(klog.Background(), &event{virtual: true, eventType: deleteEvent, gvk: configMapKind, obj: object("ns", first.Name, "o")})
	n := b.node(t, "o")
	if n.identity.Name == first.Name {
		t.Errorf("the virtual node kept the identity %s found absent", first)
	}
	if n.dependentsLength() != 2 {
		t.Errorf("the replacement node has %d dependents, want 2", n.dependentsLength())
	}
}

func TestBuilderKindChange(t *testing.T) {
	b := newTestBuilder(t)
	b.add(configMapKind, object("ns", "owner", "o"))
	b.add(configMapKind, object("ns", "child", "c", refTo(configMapKind, "owner", "o", false)))
	v2 := schema.GroupVersionKind{Group: "example.com", Version: "v2", Kind: "Thing"}
	b.update(v2, object("ns", "child", "c", refTo(configMapKind, "owner", "o", false)), object("ns", "child", "c", refTo(configMapKind, "owner", "o", false)))
	child := b.node(t, "c")
	if child.identity.APIVersion != "example.com/v2" || child.identity.Kind != "Thing" {
		t.Errorf("child's identity = %s", child.identity)
	}
	if deps := b.node(t, "o").getDependents(); len(deps) != 1 || deps[0] != child {
		t.Errorf("owner's dependents are not the replaced node: %v", deps)
	}
}
