package noderestriction

import (
	"fmt"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"
)

// admitPodCertificateRequest lets a node ask for a certificate only for a pod running on it, not a
// mirror pod, naming the node, pod and service account the pod really has. A UID that differs from
// the informers' may be their lag rather than a lie, so it is an internal error, which a kubelet
// retries, not a refusal.
func (p *plugin) admitPodCertificateRequest(node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Create {
		return forbidden(a, "unexpected operation %s", a.GetOperation())
	}
	if a.GetSubresource() != "" {
		return forbidden(a, "unexpected subresource %s", a.GetSubresource())
	}
	req, ok := a.GetObject().(*certificatesv1.PodCertificateRequest)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	if string(req.Spec.NodeName) != node {
		return forbidden(a, "PodCertificateRequest.Spec.NodeName=%q, which is not the requesting node %q", req.Spec.NodeName, node)
	}
	podKey := a.GetNamespace() + "/" + req.Spec.PodName
	stored, err := p.nodes.Get(node)
	if err != nil {
		return lookupError(a, err, "node %q", node)
	}
	if stored.UID != req.Spec.NodeUID {
		return apierrors.NewInternalError(fmt.Errorf("PodCertificateRequest for pod %q names node UID %q, inconsistent with the running node (%q)", podKey, req.Spec.NodeUID, stored.UID))
	}
	pod, err := p.pods.Pods(a.GetNamespace()).Get(req.Spec.PodName)
	if err != nil {
		return lookupError(a, err, "pod %q", podKey)
	}
	if pod.UID != req.Spec.PodUID {
		return apierrors.NewInternalError(fmt.Errorf("PodCertificateRequest for pod %q contains pod UID (%q) which differs from running pod %q", podKey, req.Spec.PodUID, pod.UID))
	}
	if pod.Spec.NodeName != node {
		return forbidden(a, "pod %q is not running on node %q named in the PodCertificateRequest", podKey, node)
	}
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; mirror {
		return forbidden(a, "pod %q is a mirror pod", podKey)
	}
	if req.Spec.ServiceAccountName != pod.Spec.ServiceAccountName {
		return forbidden(a, "PodCertificateRequest for pod %q contains serviceAccountName (%q) that differs from running pod (%q)", podKey, req.Spec.ServiceAccountName, pod.Spec.ServiceAccountName)
	}
	account, err := p.accounts.ServiceAccounts(a.GetNamespace()).Get(req.Spec.ServiceAccountName)
	if err != nil {
		return apierrors.NewInternalError(fmt.Errorf("while retrieving service account %q named in the PodCertificateRequest: %w", a.GetNamespace()+"/"+req.Spec.ServiceAccountName, err))
	}
	if account.UID != req.Spec.ServiceAccountUID {
		return apierrors.NewInternalError(fmt.Errorf("PodCertificateRequest for pod %q names service account UID %q, which differs from the running service account (%q)", podKey, req.Spec.ServiceAccountUID, account.UID))
	}
	return nil
}

// lookupError passes on a missing object's NotFound, as the plugin's other lookups do, and refuses
// on any other failure to read what the request names.
func lookupError(a admission.Attributes, err error, format string, args ...any) error {
	if apierrors.IsNotFound(err) {
		return err
	}
	return forbidden(a, "while retrieving %s named in the PodCertificateRequest: %w", fmt.Sprintf(format, args...), err)
}
