// Package csrapproving is kube-controller-manager's certificatesigningrequest-approving-controller:
// it approves the client certificate requests of kubelets whose requester the authorizer allows to
// create certificatesigningrequests/nodeclient (any node's certificate, as bootstrap tokens are
// granted) or certificatesigningrequests/selfnodeclient (renewing its own).
package csrapproving

import (
	"context"
	"crypto/x509"
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	certinformers "k8s.io/client-go/informers/certificates/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/controller/internal/csrs"
)

// autoApproved is the reason of the Approved condition the controller adds.
const autoApproved = "AutoApproved"

// recognizer is one kind of request the controller approves, and the subresource the requester
// needs "create" on for it.
type recognizer struct {
	matches     func(csr *certificatesv1.CertificateSigningRequest, req *x509.CertificateRequest) bool
	subresource string
	message     string
}

var recognizers = []recognizer{
	{
		// A node renewing its own certificate: the requester is the node the certificate names.
		matches: func(csr *certificatesv1.CertificateSigningRequest, req *x509.CertificateRequest) bool {
			return csr.Spec.Username == req.Subject.CommonName
		},
		subresource: "selfnodeclient",
		message:     "Auto approving self kubelet client certificate after SubjectAccessReview.",
	},
	{
		matches:     func(*certificatesv1.CertificateSigningRequest, *x509.CertificateRequest) bool { return true },
		subresource: "nodeclient",
		message:     "Auto approving kubelet client certificate after SubjectAccessReview.",
	},
}

// Approver approves kubelet client requests.
type Approver struct {
	csrs.Watched
	client kubernetes.Interface
}

// New returns an approver that reads requests from requests and approves them through client, which
// also asks the SubjectAccessReviews.
func New(client kubernetes.Interface, requests certinformers.CertificateSigningRequestInformer) (*Approver, error) {
	watched, err := csrs.Watch(requests, "certificate")
	if err != nil {
		return nil, err
	}
	return &Approver{Watched: watched, client: client}, nil
}

// Run works with the given number of workers until ctx ends.
func (a *Approver) Run(ctx context.Context, workers int) {
	a.Work(ctx, "csrapproving", workers, a.sync)
}

// sync approves one pending kubelet client request when its requester is authorized for it.
func (a *Approver) sync(ctx context.Context, csr *certificatesv1.CertificateSigningRequest) error {
	if csr.Spec.SignerName != certificatesv1.KubeAPIServerClientKubeletSignerName || len(csr.Status.Certificate) > 0 ||
		csrs.HasCondition(csr, certificatesv1.CertificateApproved) || csrs.HasCondition(csr, certificatesv1.CertificateDenied) {
		return nil
	}
	req, err := csrs.Parse(csr)
	if err != nil {
		return fmt.Errorf("unable to parse csr %q: %w", csr.Name, err)
	}
	if csrs.ValidateKubeletClient(req, csr.Spec.Usages) != nil {
		return nil
	}
	for _, r := range recognizers {
		if !r.matches(csr, req) {
			continue
		}
		allowed, err := a.authorized(ctx, csr, r.subresource)
		if err != nil {
			return err
		}
		if allowed {
			return a.approve(ctx, csr, r.message)
		}
	}
	return nil
}

// authorized asks whether the requester may create certificatesigningrequests/subresource.
func (a *Approver) authorized(ctx context.Context, csr *certificatesv1.CertificateSigningRequest, subresource string) (bool, error) {
	extra := make(map[string]authorizationv1.ExtraValue, len(csr.Spec.Extra))
	for k, v := range csr.Spec.Extra {
		extra[k] = authorizationv1.ExtraValue(v)
	}
	sar, err := a.client.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
		Spec: authorizationv1.SubjectAccessReviewSpec{
			User:   csr.Spec.Username,
			UID:    csr.Spec.UID,
			Groups: csr.Spec.Groups,
			Extra:  extra,
			ResourceAttributes: &authorizationv1.ResourceAttributes{
				Group:       certificatesv1.GroupName,
				Resource:    "certificatesigningrequests",
				Subresource: subresource,
				Verb:        "create",
				Version:     "*",
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		return false, err
	}
	return sar.Status.Allowed, nil
}

func (a *Approver) approve(ctx context.Context, csr *certificatesv1.CertificateSigningRequest, message string) error {
	csr = csr.DeepCopy()
	csr.Status.Conditions = append(csr.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{
		Type:           certificatesv1.CertificateApproved,
		Status:         corev1.ConditionTrue,
		Reason:         autoApproved,
		Message:        message,
		LastUpdateTime: metav1.Now(),
	})
	_, err := a.client.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, csr.Name, csr, metav1.UpdateOptions{})
	if err != nil {
		return fmt.Errorf("error updating approval for csr %q: %w", csr.Name, err)
	}
	return nil
}
