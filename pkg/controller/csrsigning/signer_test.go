package csrsigning

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
)

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testAuthority(t *testing.T) Authority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ca"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return Authority{Cert: cert, Key: key}
}

func requestFor(t *testing.T, subject pkix.Name, dnsNames ...string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subject, DNSNames: dnsNames}, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
}

func approvedCSR(name, signer string, request []byte, usages ...certificatesv1.KeyUsage) *certificatesv1.CertificateSigningRequest {
	return &certificatesv1.CertificateSigningRequest{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       certificatesv1.CertificateSigningRequestSpec{Request: request, SignerName: signer, Usages: usages},
		Status: certificatesv1.CertificateSigningRequestStatus{Conditions: []certificatesv1.CertificateSigningRequestCondition{
			{Type: certificatesv1.CertificateApproved, Status: corev1.ConditionTrue}}},
	}
}

// syncOne runs the signer's sync over csr and returns the request as stored afterwards.
func syncOne(t *testing.T, csr *certificatesv1.CertificateSigningRequest) *certificatesv1.CertificateSigningRequest {
	t.Helper()
	client := fake.NewClientset(csr)
	factory := informers.NewSharedInformerFactory(client, 0)
	requests := factory.Certificates().V1().CertificateSigningRequests()
	s, err := New(client, requests, testAuthority(t), 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return now }
	if err := s.sync(context.Background(), csr); err != nil {
		t.Fatal(err)
	}
	got, err := client.CertificatesV1().CertificateSigningRequests().Get(context.Background(), csr.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func parseIssued(t *testing.T, csr *certificatesv1.CertificateSigningRequest) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(csr.Status.Certificate)
	if block == nil {
		t.Fatalf("no certificate issued; conditions %+v", csr.Status.Conditions)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestSignerIssuesForItsSigners(t *testing.T) {
	for _, tc := range []struct {
		name       string
		csr        *certificatesv1.CertificateSigningRequest
		expiration *int32
		lifetime   time.Duration
		extUsage   x509.ExtKeyUsage
	}{
		{"client for a year by default", approvedCSR("a", certificatesv1.KubeAPIServerClientSignerName, requestFor(t, pkix.Name{CommonName: "alice"}),
			certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth), nil, 365 * 24 * time.Hour, x509.ExtKeyUsageClientAuth},
		{"short-lived client keeps its hour after now", approvedCSR("b", certificatesv1.KubeAPIServerClientSignerName, requestFor(t, pkix.Name{CommonName: "bob"}),
			certificatesv1.UsageClientAuth), ptr.To[int32](3600), time.Hour + backdate, x509.ExtKeyUsageClientAuth},
		{"kubelet serving", approvedCSR("c", certificatesv1.KubeletServingSignerName, requestFor(t, pkix.Name{CommonName: "system:node:n", Organization: []string{"system:nodes"}}, "n.example.com"),
			certificatesv1.UsageServerAuth, certificatesv1.UsageKeyEncipherment), ptr.To[int32](10 * 3600), 10 * time.Hour, x509.ExtKeyUsageServerAuth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.csr.Spec.ExpirationSeconds = tc.expiration
			cert := parseIssued(t, syncOne(t, tc.csr))
			if got := cert.NotAfter.Sub(cert.NotBefore); got != tc.lifetime {
				t.Errorf("lifetime = %v, want %v", got, tc.lifetime)
			}
			if !cert.NotBefore.Equal(now.Add(-backdate)) {
				t.Errorf("notBefore = %v, want five minutes before now", cert.NotBefore)
			}
			if len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != tc.extUsage || cert.IsCA {
				t.Errorf("extended usages %v, CA %v; want %v only, not a CA", cert.ExtKeyUsage, cert.IsCA, tc.extUsage)
			}
		})
	}
}

func TestSignerFailsOrIgnores(t *testing.T) {
	serverUsageForClient := approvedCSR("bad", certificatesv1.KubeAPIServerClientSignerName, requestFor(t, pkix.Name{CommonName: "alice"}), certificatesv1.UsageServerAuth)
	got := syncOne(t, serverUsageForClient)
	if c := got.Status.Conditions; len(c) != 2 || c[1].Type != certificatesv1.CertificateFailed || c[1].Reason != "SignerValidationFailure" ||
		c[1].Message != "invalid usage for client certificate: server auth" || len(got.Status.Certificate) != 0 {
		t.Errorf("conditions %+v, certificate %q; want a Failed condition and no certificate", c, got.Status.Certificate)
	}

	kubeletWithoutNodeGroup := approvedCSR("nogroup", certificatesv1.KubeAPIServerClientKubeletSignerName, requestFor(t, pkix.Name{CommonName: "system:node:n"}), certificatesv1.UsageClientAuth)
	if c := syncOne(t, kubeletWithoutNodeGroup).Status.Conditions; len(c) != 2 || c[1].Message != "subject organization is not system:nodes" {
		t.Errorf("conditions %+v, want the kubelet client request failed for its organization", c)
	}

	custom := approvedCSR("custom", "example.com/s", requestFor(t, pkix.Name{CommonName: "x"}), certificatesv1.UsageClientAuth)
	pending := approvedCSR("pending", certificatesv1.KubeAPIServerClientSignerName, requestFor(t, pkix.Name{CommonName: "x"}), certificatesv1.UsageClientAuth)
	pending.Status.Conditions = nil
	denied := approvedCSR("denied", certificatesv1.KubeAPIServerClientSignerName, requestFor(t, pkix.Name{CommonName: "x"}), certificatesv1.UsageClientAuth)
	denied.Status.Conditions = append(denied.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{Type: certificatesv1.CertificateDenied, Status: corev1.ConditionTrue})
	for _, csr := range []*certificatesv1.CertificateSigningRequest{custom, pending, denied} {
		if got := syncOne(t, csr); len(got.Status.Certificate) != 0 || len(got.Status.Conditions) != len(csr.Status.Conditions) {
			t.Errorf("%s: status %+v, want it left alone", csr.Name, got.Status)
		}
	}
}
