// Package csrsigning is kube-controller-manager's certificatesigningrequest-signing-controller: it
// issues the certificates of approved CertificateSigningRequests for the kubernetes.io signers with
// the cluster CA, which kapi's client-certificate authentication trusts.
package csrsigning

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	certinformers "k8s.io/client-go/informers/certificates/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
	"github.com/kapi-dev/kapi/pkg/controller/internal/csrs"
)

// signerValidationFailure is the reason of the Failed condition of a request the signer refuses.
const signerValidationFailure = "SignerValidationFailure"

// checks are the signers issued for, each with what it requires of a request. The legacy signer,
// which v1beta1 gave requests without one, issues anything approved.
var checks = map[string]func(*x509.CertificateRequest, []certificatesv1.KeyUsage) error{
	certificatesv1.KubeAPIServerClientSignerName: func(_ *x509.CertificateRequest, usages []certificatesv1.KeyUsage) error {
		return csrs.ValidateAPIServerClient(usages)
	},
	certificatesv1.KubeAPIServerClientKubeletSignerName: csrs.ValidateKubeletClient,
	certificatesv1.KubeletServingSignerName:             csrs.ValidateKubeletServing,
	validation.LegacyUnknownSignerName:                  func(*x509.CertificateRequest, []certificatesv1.KeyUsage) error { return nil },
}

// Signer issues certificates for approved requests.
type Signer struct {
	csrs.Watched
	client      kubernetes.Interface
	authority   Authority
	maxDuration time.Duration
	now         func() time.Time
}

// New returns a signer that issues with authority certificates of at most maxDuration, reading
// requests from csrs and writing their status through client.
func New(client kubernetes.Interface, requests certinformers.CertificateSigningRequestInformer, authority Authority, maxDuration time.Duration) (*Signer, error) {
	watched, err := csrs.Watch(requests, "certificate")
	if err != nil {
		return nil, err
	}
	return &Signer{Watched: watched, client: client, authority: authority, maxDuration: maxDuration, now: time.Now}, nil
}

// Run works with the given number of workers until ctx ends.
func (s *Signer) Run(ctx context.Context, workers int) {
	s.Work(ctx, "csrsigning", workers, s.sync)
}

// sync issues the certificate of one request, when it is approved, not yet issued or failed, and
// for a signer this controller implements.
func (s *Signer) sync(ctx context.Context, csr *certificatesv1.CertificateSigningRequest) error {
	check, ours := checks[csr.Spec.SignerName]
	if !ours || len(csr.Status.Certificate) > 0 || !csrs.IsApproved(csr) || csrs.HasCondition(csr, certificatesv1.CertificateFailed) {
		return nil
	}
	req, err := csrs.Parse(csr)
	if err != nil {
		return fmt.Errorf("unable to parse csr %q: %w", csr.Name, err)
	}
	if err := check(req, csr.Spec.Usages); err != nil {
		return s.fail(ctx, csr, err)
	}
	ttl := s.maxDuration
	if e := csr.Spec.ExpirationSeconds; e != nil && time.Duration(*e)*time.Second < ttl {
		ttl = time.Duration(*e) * time.Second
	}
	cert, err := s.authority.issue(req, csr.Spec.Usages, ttl, s.now())
	if err != nil {
		return fmt.Errorf("error auto signing csr %q: %w", csr.Name, err)
	}
	csr = csr.DeepCopy()
	csr.Status.Certificate = cert
	_, err = s.client.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, csr, metav1.UpdateOptions{})
	if err != nil {
		return fmt.Errorf("error updating signature for csr %q: %w", csr.Name, err)
	}
	return nil
}

// fail records that the signer refuses the request, which it will not look at again.
func (s *Signer) fail(ctx context.Context, csr *certificatesv1.CertificateSigningRequest, reason error) error {
	csr = csr.DeepCopy()
	now := metav1.NewTime(s.now())
	csr.Status.Conditions = append(csr.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{
		Type:           certificatesv1.CertificateFailed,
		Status:         corev1.ConditionTrue,
		Reason:         signerValidationFailure,
		Message:        reason.Error(),
		LastUpdateTime: now,
	})
	_, err := s.client.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, csr, metav1.UpdateOptions{})
	if err != nil {
		return fmt.Errorf("error adding failure condition for csr %q: %w", csr.Name, err)
	}
	return nil
}
