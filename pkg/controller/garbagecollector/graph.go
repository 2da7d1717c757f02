package garbagecollector

import (
	"fmt"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// objectReference names an object of the graph: the coordinates an owner reference gives (apiVersion,
// kind, name, uid) and the namespace, which an owner reference leaves to the dependent's.
type objectReference struct {
	APIVersion string
	Kind       string
	Name       string
	UID        types.UID
	Namespace  string
}

// String is kube-controller-manager's rendering, which its events quote.
func (r objectReference) String() string {
	return fmt.Sprintf("[%s/%s, namespace: %s, name: %s, uid: %s]", r.APIVersion, r.Kind, r.Namespace, r.Name, r.UID)
}

// coordinates returns ref's apiVersion, kind, name and uid.
func coordinates(ref metav1.OwnerReference) objectReference {
	return objectReference{APIVersion: ref.APIVersion, Kind: ref.Kind, Name: ref.Name, UID: ref.UID}
}

// referenceAt returns the object ref points to when it is read in namespace, as the API server reads
// it for a dependent there: a namespaced owner is in the dependent's namespace.
func referenceAt(ref metav1.OwnerReference, namespace string) objectReference {
	r := coordinates(ref)
	r.Namespace = namespace
	return r
}

// sameCoordinates reports whether two references agree on everything an owner reference says.
func sameCoordinates(a, b objectReference) bool {
	return a.UID == b.UID && a.Name == b.Name && a.Kind == b.Kind && a.APIVersion == b.APIVersion
}

// isBlocking reports whether ref holds up its owner's foreground deletion.
func isBlocking(ref metav1.OwnerReference) bool {
	return ref.BlockOwnerDeletion != nil && *ref.BlockOwnerDeletion
}

// node is one object of the dependency graph. The graph builder alone creates nodes and changes them;
// the collector's workers read them, so every field but identity is behind mu. A node's identity
// never changes: the builder replaces the node by a clone instead.
type node struct {
	identity objectReference

	mu sync.RWMutex
	// dependents are the nodes whose owner references name this node's uid.
	dependents map[*node]struct{}
	// owners are the object's owner references as last observed.
	owners []metav1.OwnerReference
	// virtual nodes stand for owners that dependents name but that no informer has shown yet.
	virtual bool
	// beingDeleted is set once the object has a deletionTimestamp; it is never unset.
	beingDeleted bool
	// deletingDependents is set while the object waits, with the foregroundDeletion finalizer, for
	// its dependents to go.
	deletingDependents bool
}

func newNode(identity objectReference, owners []metav1.OwnerReference) *node {
	return &node{identity: identity, owners: owners, dependents: map[*node]struct{}{}}
}

// clone copies n, to be given a new identity.
func (n *node) clone() *node {
	n.mu.RLock()
	defer n.mu.RUnlock()
	c := &node{
		identity:           n.identity,
		dependents:         make(map[*node]struct{}, len(n.dependents)),
		owners:             append([]metav1.OwnerReference(nil), n.owners...),
		virtual:            n.virtual,
		beingDeleted:       n.beingDeleted,
		deletingDependents: n.deletingDependents,
	}
	for d := range n.dependents {
		c.dependents[d] = struct{}{}
	}
	return c
}

func (n *node) String() string { return n.identity.String() }

func (n *node) isObserved() bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return !n.virtual
}

func (n *node) markObserved() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.virtual = false
}

func (n *node) isBeingDeleted() bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.beingDeleted
}

func (n *node) markBeingDeleted() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.beingDeleted = true
}

func (n *node) isDeletingDependents() bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.deletingDependents
}

func (n *node) markDeletingDependents() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.deletingDependents = true
}

func (n *node) getOwners() []metav1.OwnerReference {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return append([]metav1.OwnerReference(nil), n.owners...)
}

func (n *node) setOwners(owners []metav1.OwnerReference) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.owners = owners
}

func (n *node) addDependent(d *node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.dependents[d] = struct{}{}
}

func (n *node) deleteDependent(d *node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.dependents, d)
}

// replaceDependent puts replacement in old's place if old is a dependent of n.
func (n *node) replaceDependent(old, replacement *node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.dependents[old]; ok {
		delete(n.dependents, old)
		n.dependents[replacement] = struct{}{}
	}
}

func (n *node) dependentsLength() int {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return len(n.dependents)
}

// getDependents returns a snapshot of n's dependents.
func (n *node) getDependents() []*node {
	n.mu.RLock()
	defer n.mu.RUnlock()
	deps := make([]*node, 0, len(n.dependents))
	for d := range n.dependents {
		deps = append(deps, d)
	}
	return deps
}

// blockingDependents returns the dependents whose owner reference to n has blockOwnerDeletion: those
// n's foreground deletion waits for.
func (n *node) blockingDependents() []*node {
	var blocking []*node
	for _, d := range n.getDependents() {
		for _, ref := range d.getOwners() {
			if ref.UID == n.identity.UID && isBlocking(ref) {
				blocking = append(blocking, d)
				break
			}
		}
	}
	return blocking
}

// uidToNode is the graph: every node by its object's uid.
type uidToNode struct {
	mu    sync.RWMutex
	nodes map[types.UID]*node
}

func newUIDToNode() *uidToNode {
	return &uidToNode{nodes: map[types.UID]*node{}}
}

func (g *uidToNode) write(n *node) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nodes[n.identity.UID] = n
}

func (g *uidToNode) read(uid types.UID) (*node, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	n, ok := g.nodes[uid]
	return n, ok
}

func (g *uidToNode) delete(uid types.UID) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.nodes, uid)
}

func (g *uidToNode) len() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.nodes)
}
