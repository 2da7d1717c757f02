package podadmission

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// BoundSpecUpdate returns the new and old pod of an update, through one of subresources ("" for
// the pod itself), to a pod bound to a node whose spec changes (its generation moves); ok is false
// for every other request. Plugins that check an update against the pod's node start here.
func BoundSpecUpdate(a admission.Attributes, subresources ...string) (pod, old *corev1.Pod, ok bool, err error) {
	if a.GetOperation() != admission.Update || a.GetResource().GroupResource() != podsResource {
		return nil, nil, false, nil
	}
	handled := false
	for _, s := range subresources {
		handled = handled || s == a.GetSubresource()
	}
	if !handled {
		return nil, nil, false, nil
	}
	pod, isPod := a.GetObject().(*corev1.Pod)
	if !isPod {
		return nil, nil, false, apierrors.NewBadRequest(fmt.Sprintf("expected a pod but got a %T", a.GetObject()))
	}
	if pod.Spec.NodeName == "" {
		return nil, nil, false, nil
	}
	old, isPod = a.GetOldObject().(*corev1.Pod)
	if !isPod {
		return nil, nil, false, apierrors.NewBadRequest(fmt.Sprintf("expected an old pod but got a %T", a.GetOldObject()))
	}
	return pod, old, old.Generation != pod.Generation, nil
}

// Node returns the node pod is bound to, once the informer behind ready has synced; every failure
// is a Forbidden error in kube-apiserver's words.
func Node(a admission.Attributes, ready func() bool, nodes corev1listers.NodeLister, pod *corev1.Pod) (*corev1.Node, error) {
	if !ready() {
		return nil, Forbidden(a, "not yet ready to handle request")
	}
	node, err := nodes.Get(pod.Spec.NodeName)
	if apierrors.IsNotFound(err) {
		return nil, Forbidden(a, "node %q not found", pod.Spec.NodeName)
	}
	if err != nil {
		return nil, Forbidden(a, "failed to get node %q: %w", pod.Spec.NodeName, err)
	}
	return node, nil
}
