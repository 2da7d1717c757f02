package statefulset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// retentionPolicy returns set's claim retention policy, Retain for what it leaves out.
func retentionPolicy(set *appsv1.StatefulSet) appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy {
	policy := appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
		WhenDeleted: appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
		WhenScaled:  appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
	}
	if p := set.Spec.PersistentVolumeClaimRetentionPolicy; p != nil {
		if p.WhenDeleted != "" {
			policy.WhenDeleted = p.WhenDeleted
		}
		if p.WhenScaled != "" {
			policy.WhenScaled = p.WhenScaled
		}
	}
	return policy
}

func refersTo(ref *metav1.OwnerReference, owner metav1.Object, gvk schema.GroupVersionKind) bool {
	if ref.UID == owner.GetUID() {
		return true
	}
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	return err == nil && gv.Group == gvk.Group && ref.Kind == gvk.Kind && ref.Name == owner.GetName()
}

// claimOwners returns the ownerReferences claim should have under set's retention policy: the
// garbage collector deletes it with the set (whenDeleted: Delete) or with its pod once scaled away
// (whenScaled: Delete). A claim another controller owns gets none of ours.
func claimOwners(claim *corev1.PersistentVolumeClaim, set *appsv1.StatefulSet, pod *corev1.Pod) []metav1.OwnerReference {
	refs := []metav1.OwnerReference{}
	otherController := false
	for _, ref := range claim.OwnerReferences {
		if refersTo(&ref, set, controllerKind) || refersTo(&ref, pod, podKind) {
			continue
		}
		if ref.Controller != nil && *ref.Controller {
			otherController = true
		}
		refs = append(refs, ref)
	}
	if otherController {
		return refs
	}
	policy := retentionPolicy(set)
	const del = appsv1.DeletePersistentVolumeClaimRetentionPolicyType
	scaledDown := !inOrdinalRange(pod, set)
	switch {
	case policy.WhenScaled == del && scaledDown:
		refs = append(refs, *metav1.NewControllerRef(pod, podKind))
	case policy.WhenDeleted == del:
		refs = append(refs, *metav1.NewControllerRef(set, controllerKind))
	}
	return refs
}

// claimOwnersMatch tells whether every existing claim of pod has the owners set's policy wants.
// Pods whose UID is not known yet, not created, have nothing to match.
func (c *Controller) claimOwnersMatch(set *appsv1.StatefulSet, pod *corev1.Pod) bool {
	for _, want := range claimsFor(set, pod) {
		claim, err := c.claims.PersistentVolumeClaims(want.Namespace).Get(want.Name)
		if err != nil {
			continue
		}
		if !sameRefs(claim.OwnerReferences, claimOwners(claim, set, pod)) {
			return false
		}
	}
	return true
}

// updateClaimOwners gives pod's claims the owners set's policy wants.
func (c *Controller) updateClaimOwners(ctx context.Context, set *appsv1.StatefulSet, pod *corev1.Pod) error {
	for _, want := range claimsFor(set, pod) {
		claim, err := c.claims.PersistentVolumeClaims(want.Namespace).Get(want.Name)
		if apierrors.IsNotFound(err) {
			claim, err = c.client.CoreV1().PersistentVolumeClaims(want.Namespace).Get(ctx, want.Name, metav1.GetOptions{})
		}
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		refs := claimOwners(claim, set, pod)
		if sameRefs(claim.OwnerReferences, refs) {
			continue
		}
		claim = claim.DeepCopy()
		claim.OwnerReferences = refs
		if _, err := c.client.CoreV1().PersistentVolumeClaims(claim.Namespace).Update(ctx, claim, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	return nil
}

func sameRefs(a, b []metav1.OwnerReference) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return apiequality.Semantic.DeepEqual(a, b)
}

// claimIsStale tells whether a claim of pod, about to be created, still names as its owner an
// earlier pod of the same name that was scaled away: the garbage collector is about to delete it,
// so the new pod waits rather than start on it.
func (c *Controller) claimIsStale(set *appsv1.StatefulSet, pod *corev1.Pod) bool {
	if retentionPolicy(set).WhenScaled == appsv1.RetainPersistentVolumeClaimRetentionPolicyType {
		return false
	}
	for _, want := range claimsFor(set, pod) {
		claim, err := c.claims.PersistentVolumeClaims(want.Namespace).Get(want.Name)
		if err != nil {
			continue
		}
		for _, ref := range claim.OwnerReferences {
			if ref.Kind == podKind.Kind && ref.Name == pod.Name && ref.UID != pod.UID {
				return true
			}
		}
	}
	return false
}
