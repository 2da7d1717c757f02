package noderestriction

import (
	"errors"

	certificatesv1 "k8s.io/api/certificates/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apiserver/pkg/admission"

	"github.com/google/go-cmp/cmp"

	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
	"github.com/kapi-dev/kapi/pkg/auth/nodeidentity"
)

// nodeLeaseNamespace holds the nodes' heartbeat leases.
const nodeLeaseNamespace = "kube-node-lease"

// admitClaimStatus lets a node report a claim's resize progress and nothing else: the capacity,
// conditions and allocated resources.
func admitClaimStatus(node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Update {
		return forbidden(a, "unexpected operation %q", a.GetOperation())
	}
	oldObj, ok := a.GetOldObject().(*corev1.PersistentVolumeClaim)
	if !ok {
		return unexpectedType(a, a.GetOldObject())
	}
	newObj, ok := a.GetObject().(*corev1.PersistentVolumeClaim)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	old, updated := withoutResizeStatus(oldObj), withoutResizeStatus(newObj)
	if !apiequality.Semantic.DeepEqual(old, updated) {
		return forbidden(a, "node %q is not allowed to update fields other than status.quantity and status.conditions: %v", node, cmp.Diff(old, updated))
	}
	return nil
}

// withoutResizeStatus returns a copy of pvc without what a node may change, nor the
// resourceVersion an unconditional update leaves empty, nor managed fields.
func withoutResizeStatus(pvc *corev1.PersistentVolumeClaim) *corev1.PersistentVolumeClaim {
	c := pvc.DeepCopy()
	c.ResourceVersion = ""
	c.ManagedFields = nil
	c.Status.Capacity = nil
	c.Status.Conditions = nil
	c.Status.AllocatedResources = nil
	c.Status.AllocatedResourceStatuses = nil
	return c
}

// admitLease lets a node write only its own lease in kube-node-lease; a create carries the name in
// the object only.
func admitLease(node string, a admission.Attributes) error {
	if a.GetNamespace() != nodeLeaseNamespace {
		return forbidden(a, "can only access leases in the %q system namespace", nodeLeaseNamespace)
	}
	name := a.GetName()
	if a.GetOperation() == admission.Create {
		lease, ok := a.GetObject().(*coordinationv1.Lease)
		if !ok {
			return unexpectedType(a, a.GetObject())
		}
		name = lease.Name
	}
	if name != node {
		return forbidden(a, "can only access node lease with the same name as the requesting node")
	}
	return nil
}

// admitOwnNamed lets a node write only the object named after it.
func admitOwnNamed(node string, a admission.Attributes, refusal string) error {
	name := a.GetName()
	if a.GetOperation() == admission.Create {
		accessor, err := meta.Accessor(a.GetObject())
		if err != nil {
			return forbidden(a, "unable to access the object name")
		}
		name = accessor.GetName()
	}
	if name != node {
		return admission.NewForbidden(a, errors.New(refusal))
	}
	return nil
}

// admitResourceSlice checks what the Node authorizer cannot: the node of a slice being created,
// and of each slice a deletecollection removes.
func admitResourceSlice(node string, a admission.Attributes) error {
	var (
		obj  = a.GetObject()
		verb = "create"
	)
	switch a.GetOperation() {
	case admission.Create:
	case admission.Delete:
		obj, verb = a.GetOldObject(), "delete"
	default:
		return nil
	}
	slice, ok := obj.(*resourcev1.ResourceSlice)
	if !ok {
		return unexpectedType(a, obj)
	}
	if slice.Spec.NodeName == nil || *slice.Spec.NodeName != node {
		return forbidden(a, "can only %s ResourceSlice with the same NodeName as the requesting node", verb)
	}
	return nil
}

// admitCSR requires a node's kubelet client and serving certificate requests to be for itself.
func admitCSR(node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Create {
		return nil
	}
	csr, ok := a.GetObject().(*certificatesv1.CertificateSigningRequest)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	if csr.Spec.SignerName != certificatesv1.KubeletServingSignerName && csr.Spec.SignerName != certificatesv1.KubeAPIServerClientKubeletSignerName {
		return nil
	}
	req, err := validation.ParseRequest(csr.Spec.Request)
	if err != nil {
		return forbidden(a, "unable to parse csr: %w", err)
	}
	if want := nodeidentity.UserPrefix + node; req.Subject.CommonName != want {
		return forbidden(a, "can only create a node CSR with CN=%s", want)
	}
	return nil
}
