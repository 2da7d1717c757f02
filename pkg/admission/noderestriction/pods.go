package noderestriction

import (
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/apis/core/podrefs"
)

// admitPod lets a node create its mirror pods and delete the pods bound to it.
func (p *plugin) admitPod(node string, a admission.Attributes) error {
	switch a.GetOperation() {
	case admission.Create:
		return p.admitMirrorPod(node, a)
	case admission.Delete:
		pod, err := p.boundPod(a, a.GetName())
		if err != nil {
			return err
		}
		if pod.Spec.NodeName != node {
			return forbidden(a, "node %q can only delete pods with spec.nodeName set to itself", node)
		}
		return nil
	default:
		return forbidden(a, "unexpected operation %q, node %q can only create and delete mirror pods", a.GetOperation(), node)
	}
}

// boundPod returns the stored pod name of the request's namespace; a missing pod is the lister's
// NotFound, as upstream returns it.
func (p *plugin) boundPod(a admission.Attributes, name string) (*corev1.Pod, error) {
	pod, err := p.pods.Pods(a.GetNamespace()).Get(name)
	if apierrors.IsNotFound(err) {
		return nil, err
	}
	if err != nil {
		return nil, admission.NewForbidden(a, err)
	}
	return pod, nil
}

// admitMirrorPod allows a mirror pod bound to node, owned by node's Node as its controller, that
// names no other API object: a node must not gain access to anything by creating a pod.
func (p *plugin) admitMirrorPod(node string, a admission.Attributes) error {
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; !mirror {
		return forbidden(a, "pod does not have %q annotation, node %q can only create mirror pods", corev1.MirrorPodAnnotationKey, node)
	}
	if pod.Spec.NodeName != node {
		return forbidden(a, "node %q can only create pods with spec.nodeName set to itself", node)
	}
	if err := p.checkOwner(node, a, pod.OwnerReferences); err != nil {
		return err
	}
	if pod.Spec.ServiceAccountName != "" {
		return forbidden(a, "node %q can not create pods that reference a service account", node)
	}
	if podrefs.ReferencesSecrets(pod) {
		return forbidden(a, "node %q can not create pods that reference secrets", node)
	}
	if podrefs.ReferencesConfigMaps(pod) {
		return forbidden(a, "node %q can not create pods that reference configmaps", node)
	}
	for _, v := range pod.Spec.Volumes {
		if v.Projected == nil {
			continue
		}
		for _, s := range v.Projected.Sources {
			if s.ClusterTrustBundle != nil {
				return forbidden(a, "node %q can not create pods that reference clustertrustbundles", node)
			}
		}
	}
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			return forbidden(a, "node %q can not create pods that reference persistentvolumeclaims", node)
		}
	}
	if len(pod.Spec.ResourceClaims) > 0 {
		return forbidden(a, "node %q can not create pods that reference resourceclaims", node)
	}
	return nil
}

// checkOwner requires exactly one owner reference: the controller reference to node's own Node,
// with its current UID, not blocking its deletion.
func (p *plugin) checkOwner(node string, a admission.Attributes, owners []metav1.OwnerReference) error {
	switch len(owners) {
	case 0:
		return forbidden(a, "node %q can only create pods with an owner reference set to itself", node)
	case 1:
	default:
		return forbidden(a, "node %q can only create pods with a single owner reference set to itself", node)
	}
	owner := owners[0]
	if owner.APIVersion != corev1.SchemeGroupVersion.String() || owner.Kind != "Node" || owner.Name != node {
		return forbidden(a, "node %q can only create pods with an owner reference set to itself", node)
	}
	if owner.Controller == nil || !*owner.Controller {
		return forbidden(a, "node %q can only create pods with a controller owner reference set to itself", node)
	}
	if owner.BlockOwnerDeletion != nil && *owner.BlockOwnerDeletion {
		return forbidden(a, "node %q must not set blockOwnerDeletion on an owner reference", node)
	}
	stored, err := p.nodes.Get(node)
	if apierrors.IsNotFound(err) {
		return err
	}
	if err != nil {
		return forbidden(a, "error looking up node %s to verify uid: %v", node, err)
	}
	if owner.UID != stored.UID {
		return forbidden(a, "node %s UID mismatch: expected %s got %s", node, owner.UID, stored.UID)
	}
	return nil
}

// admitPodStatus lets a node report the status of its own pods, without relabelling them or
// changing which resource claims they use, which the Node authorizer's graph follows.
func admitPodStatus(node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Update {
		return forbidden(a, "unexpected operation %q", a.GetOperation())
	}
	old, ok := a.GetOldObject().(*corev1.Pod)
	if !ok {
		return unexpectedType(a, a.GetOldObject())
	}
	if old.Spec.NodeName != node {
		return forbidden(a, "node %q can only update pod status for pods with spec.nodeName set to itself", node)
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	if !labels.Equals(old.Labels, pod.Labels) {
		return forbidden(a, "node %q cannot update labels through pod status", node)
	}
	if !claimStatusesEqual(old.Status.ResourceClaimStatuses, pod.Status.ResourceClaimStatuses) {
		return forbidden(a, "node %q cannot update resource claim statues", node)
	}
	if !apiequality.Semantic.DeepEqual(old.Status.ExtendedResourceClaimStatus, pod.Status.ExtendedResourceClaimStatus) {
		return forbidden(a, "node %q cannot update extended resource claim status", node)
	}
	return nil
}

// claimStatusesEqual compares the claims named, in order, not how the statuses are spelt.
func claimStatusesEqual(a, b []corev1.PodResourceClaimStatus) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !apiequality.Semantic.DeepEqual(a[i].ResourceClaimName, b[i].ResourceClaimName) {
			return false
		}
	}
	return true
}

// admitEviction lets a node evict only the pods bound to it; the pod is the one of the URL, or of
// the Eviction when the URL names none.
func (p *plugin) admitEviction(node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Create {
		return forbidden(a, "unexpected operation %s", a.GetOperation())
	}
	eviction, ok := a.GetObject().(*policyv1.Eviction)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	name := a.GetName()
	if name == "" {
		if eviction.Name == "" {
			return forbidden(a, "could not determine pod from request data")
		}
		name = eviction.Name
	}
	pod, err := p.boundPod(a, name)
	if err != nil {
		return err
	}
	if pod.Spec.NodeName != node {
		return forbidden(a, "node %s can only evict pods with spec.nodeName set to itself", node)
	}
	return nil
}
