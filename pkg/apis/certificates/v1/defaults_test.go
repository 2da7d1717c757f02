package v1

import (
	"testing"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
)

func TestConditionStatusDefaultsToTrue(t *testing.T) {
	csr := &certificatesv1.CertificateSigningRequest{Status: certificatesv1.CertificateSigningRequestStatus{Conditions: []certificatesv1.CertificateSigningRequestCondition{
		{Type: certificatesv1.CertificateApproved},
		{Type: "Custom", Status: corev1.ConditionFalse},
	}}}
	SetObjectDefaults_CertificateSigningRequest(csr)
	if got := csr.Status.Conditions; got[0].Status != corev1.ConditionTrue || got[1].Status != corev1.ConditionFalse {
		t.Errorf("statuses = %q, %q; want an unset status True and a set one kept", got[0].Status, got[1].Status)
	}
}

func TestPodCertificateRequestMaxExpirationDefault(t *testing.T) {
	req := &certificatesv1.PodCertificateRequest{}
	SetObjectDefaults_PodCertificateRequest(req)
	if req.Spec.MaxExpirationSeconds == nil || *req.Spec.MaxExpirationSeconds != 86400 {
		t.Errorf("maxExpirationSeconds = %v, want 86400", req.Spec.MaxExpirationSeconds)
	}
}
