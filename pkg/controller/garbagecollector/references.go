package garbagecollector

import (
	"cmp"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// changedReference is an owner reference, by uid, before and after an update.
type changedReference struct {
	before, after metav1.OwnerReference
}

// diffReferences compares an object's owner references before and after an update, by uid.
func diffReferences(before, after []metav1.OwnerReference) (added, removed []metav1.OwnerReference, changed []changedReference) {
	old := make(map[types.UID]metav1.OwnerReference, len(before))
	for _, ref := range before {
		old[ref.UID] = ref
	}
	for _, ref := range after {
		prev, ok := old[ref.UID]
		if !ok {
			added = append(added, ref)
			continue
		}
		if !equality.Semantic.DeepEqual(prev, ref) {
			changed = append(changed, changedReference{before: prev, after: ref})
		}
		delete(old, ref.UID)
	}
	for _, ref := range before {
		if _, ok := old[ref.UID]; ok {
			removed = append(removed, ref)
		}
	}
	return added, removed, changed
}

// unblocked returns the uids of the owners that an update stopped blocking: references with
// blockOwnerDeletion that were removed, or whose blockOwnerDeletion was cleared.
func unblocked(removed []metav1.OwnerReference, changed []changedReference) []types.UID {
	var uids []types.UID
	for _, ref := range removed {
		if isBlocking(ref) {
			uids = append(uids, ref.UID)
		}
	}
	for _, c := range changed {
		if isBlocking(c.before) && !isBlocking(c.after) {
			uids = append(uids, c.after.UID)
		}
	}
	return uids
}

// partitionDependents splits dependents by whether their references to owner's uid agree with owner's
// identity. A namespaced owner agrees with no dependent in another namespace; a dependent that names
// the uid with several coordinates can be in both lists.
func partitionDependents(dependents []*node, owner objectReference) (matching, nonmatching []*node) {
	for _, d := range dependents {
		match, mismatch := false, false
		if owner.Namespace != "" && owner.Namespace != d.identity.Namespace {
			mismatch = true
		} else {
			for _, ref := range d.getOwners() {
				if ref.UID != owner.UID {
					continue
				}
				if sameCoordinates(coordinates(ref), owner) {
					match = true
				} else {
					mismatch = true
				}
			}
		}
		if match {
			matching = append(matching, d)
		}
		if mismatch {
			nonmatching = append(nonmatching, d)
		}
	}
	return matching, nonmatching
}

// compareReferences orders references by kind, apiVersion, namespace, name and uid.
func compareReferences(a, b objectReference) int {
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.APIVersion, b.APIVersion),
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.UID, b.UID),
	)
}

// alternateIdentity returns another identity that dependents give absent's uid, once absent is known
// not to exist: the first after absent in compareReferences order, or else the first of all; nil if
// the dependents give no other identity. The graph then tries that one, so that every identity a
// dependent uses is checked in turn.
func alternateIdentity(dependents []*node, absent objectReference) *objectReference {
	clusterScoped := absent.Namespace == ""
	seen := map[objectReference]bool{absent: true}
	var first, next *objectReference
	for _, d := range dependents {
		for _, ref := range d.getOwners() {
			if ref.UID != absent.UID {
				continue
			}
			candidate := referenceAt(ref, d.identity.Namespace)
			if sameCoordinates(candidate, absent) && (clusterScoped || absent.Namespace == d.identity.Namespace) {
				continue
			}
			if clusterScoped && candidate.APIVersion == absent.APIVersion && candidate.Kind == absent.Kind {
				// absent showed that this kind is cluster-scoped.
				candidate.Namespace = ""
			}
			if seen[candidate] {
				continue
			}
			seen[candidate] = true
			if first == nil || compareReferences(candidate, *first) < 0 {
				first = &candidate
			}
			if compareReferences(absent, candidate) < 0 && (next == nil || compareReferences(candidate, *next) < 0) {
				next = &candidate
			}
		}
	}
	if next != nil {
		return next
	}
	return first
}
