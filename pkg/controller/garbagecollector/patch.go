package garbagecollector

import (
	"encoding/json"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

// patchMetadata is the part of an object's metadata the collector patches.
type patchMetadata struct {
	UID             types.UID               `json:"uid,omitempty"`
	ResourceVersion string                  `json:"resourceVersion,omitempty"`
	OwnerReferences []metav1.OwnerReference `json:"ownerReferences"`
}

type metadataPatch struct {
	Metadata patchMetadata `json:"metadata"`
}

// deleteOwnerRefsStrategicPatch removes the owner references to ownerUIDs from the object of
// dependentUID; the uid makes the patch fail on another object of the same name.
func deleteOwnerRefsStrategicPatch(dependentUID types.UID, ownerUIDs ...types.UID) ([]byte, error) {
	type deletion struct {
		Patch string    `json:"$patch"`
		UID   types.UID `json:"uid"`
	}
	type meta struct {
		OwnerReferences []deletion `json:"ownerReferences"`
		UID             types.UID  `json:"uid"`
	}
	deletions := make([]deletion, 0, len(ownerUIDs))
	for _, uid := range ownerUIDs {
		deletions = append(deletions, deletion{Patch: "delete", UID: uid})
	}
	return json.Marshal(map[string]meta{"metadata": {OwnerReferences: deletions, UID: dependentUID}})
}

// deleteOwnerRefsMergePatch is the JSON merge patch that leaves current with its owner references
// but those to ownerUIDs, provided it is still at current's resourceVersion.
func deleteOwnerRefsMergePatch(current *metav1.PartialObjectMetadata, ownerUIDs ...types.UID) ([]byte, error) {
	var kept []metav1.OwnerReference
	for _, ref := range current.OwnerReferences {
		if !slices.Contains(ownerUIDs, ref.UID) {
			kept = append(kept, ref)
		}
	}
	return json.Marshal(metadataPatch{Metadata: patchMetadata{ResourceVersion: current.ResourceVersion, OwnerReferences: kept}})
}

// unblockOwnerRefsStrategicPatch sets blockOwnerDeletion to false on the blocking references among
// owners of the object of uid.
func unblockOwnerRefsStrategicPatch(uid types.UID, owners []metav1.OwnerReference) ([]byte, error) {
	var unblocked []metav1.OwnerReference
	for _, ref := range owners {
		if isBlocking(ref) {
			ref.BlockOwnerDeletion = ptr.To(false)
			unblocked = append(unblocked, ref)
		}
	}
	return json.Marshal(metadataPatch{Metadata: patchMetadata{UID: uid, OwnerReferences: unblocked}})
}

// unblockOwnerRefsMergePatch is the JSON merge patch that sets blockOwnerDeletion to false on all of
// current's owner references, provided it is still at current's resourceVersion.
func unblockOwnerRefsMergePatch(current *metav1.PartialObjectMetadata) ([]byte, error) {
	var refs []metav1.OwnerReference
	for _, ref := range current.OwnerReferences {
		ref.BlockOwnerDeletion = ptr.To(false)
		refs = append(refs, ref)
	}
	return json.Marshal(metadataPatch{Metadata: patchMetadata{ResourceVersion: current.ResourceVersion, OwnerReferences: refs}})
}
