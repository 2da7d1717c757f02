package validation

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

func requestPEM(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "me"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
}

func certPEM(t *testing.T, isCA bool) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ca"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: isCA, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func errorStrings(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func validCSR(t *testing.T) *certificatesv1.CertificateSigningRequest {
	return &certificatesv1.CertificateSigningRequest{
		ObjectMeta: metav1.ObjectMeta{Name: "csr"},
		Spec: certificatesv1.CertificateSigningRequestSpec{
			Request:    requestPEM(t),
			SignerName: "example.com/signer",
			Usages:     []certificatesv1.KeyUsage{certificatesv1.UsageClientAuth},
		},
	}
}

func TestValidateCertificateSigningRequestCreate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*certificatesv1.CertificateSigningRequest)
		want   string
	}{
		{"valid", func(*certificatesv1.CertificateSigningRequest) {}, ""},
		{"not a request", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.Request = []byte("x") },
			`spec.request: Invalid value: "eA==": PEM block type must be CERTIFICATE REQUEST`},
		{"no usages", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.Usages = nil }, "spec.usages: Required value"},
		{"signer without domain", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.SignerName = "example/signer" },
			`spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots`},
		{"signer with two slashes", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.SignerName = "a.b/c/d" },
			`spec.signerName: Invalid value: "a.b/c/d": must be a fully qualified domain and path of the form 'example.com/signer-name'`},
		{"no signer", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.SignerName = "" }, "spec.signerName: Required value"},
		{"short expiration", func(c *certificatesv1.CertificateSigningRequest) { c.Spec.ExpirationSeconds = ptr.To[int32](10) },
			"spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 600 seconds (10 minutes)"},
		{"condition without status", func(c *certificatesv1.CertificateSigningRequest) {
			c.Status.Conditions = []certificatesv1.CertificateSigningRequestCondition{{Type: "Custom"}}
		}, "status.conditions[0].status: Required value"},
		{"approved false", func(c *certificatesv1.CertificateSigningRequest) {
			c.Status.Conditions = []certificatesv1.CertificateSigningRequestCondition{{Type: certificatesv1.CertificateApproved, Status: corev1.ConditionFalse}}
		}, `status.conditions[0].status: Unsupported value: "False": supported values: "True"`},
		{"approved and denied", func(c *certificatesv1.CertificateSigningRequest) {
			c.Status.Conditions = []certificatesv1.CertificateSigningRequestCondition{
				{Type: certificatesv1.CertificateApproved, Status: corev1.ConditionTrue}, {Type: certificatesv1.CertificateDenied, Status: corev1.ConditionTrue}}
		}, `status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive`},
		{"certificate not PEM", func(c *certificatesv1.CertificateSigningRequest) { c.Status.Certificate = []byte("junk") },
			`status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csr := validCSR(t)
			tc.modify(csr)
			if got := errorStrings(ValidateCertificateSigningRequestCreate(csr)); got != tc.want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestValidateCertificateSigningRequestUpdatePaths(t *testing.T) {
	old := validCSR(t)
	old.ResourceVersion = "1"
	approved := old.DeepCopy()
	approved.Status.Conditions = []certificatesv1.CertificateSigningRequestCondition{{Type: certificatesv1.CertificateApproved, Status: corev1.ConditionTrue}}
	issued := approved.DeepCopy()
	issued.Status.Certificate = []byte(certPEM(t, false))

	if got := errorStrings(ValidateCertificateSigningRequestUpdate(approved, old)); got != `status.conditions: Forbidden: updates may not add a condition of type "Approved"` {
		t.Errorf("approving through the main resource: %s", got)
	}
	if got := errorStrings(ValidateCertificateSigningRequestApprovalUpdate(approved, old)); got != "" {
		t.Errorf("approving through approval: %s", got)
	}
	if got := errorStrings(ValidateCertificateSigningRequestApprovalUpdate(issued, approved)); got != "status.certificate: Forbidden: updates may not set certificate content" {
		t.Errorf("issuing through approval: %s", got)
	}
	if got := errorStrings(ValidateCertificateSigningRequestStatusUpdate(issued, approved)); got != "" {
		t.Errorf("issuing through status: %s", got)
	}
	if got := errorStrings(ValidateCertificateSigningRequestApprovalUpdate(old, approved)); got != `status.conditions: Forbidden: updates may not remove a condition of type "Approved"` {
		t.Errorf("removing the approval: %s", got)
	}
	reissued := issued.DeepCopy()
	reissued.Status.Certificate = []byte(certPEM(t, false))
	if got := errorStrings(ValidateCertificateSigningRequestStatusUpdate(reissued, issued)); got != "status.certificate: Forbidden: updates may not modify existing certificate content" {
		t.Errorf("reissuing: %s", got)
	}
}

func TestValidateClusterTrustBundle(t *testing.T) {
	ca, leaf := certPEM(t, true), certPEM(t, false)
	for _, tc := range []struct {
		name, bundleName, signer, bundle, want string
	}{
		{"valid without signer", "plain", "", ca, ""},
		{"valid with signer", "example.com:s:one", "example.com/s", ca, ""},
		{"colon without signer", "a:b", "", ca, `metadata.name: Invalid value: "a:b": ClusterTrustBundle without signer name must not have ":" in its name`},
		{"missing signer prefix", "one", "example.com/s", ca, `metadata.name: Invalid value: "one": ClusterTrustBundle for signerName example.com/s must be named with prefix example.com:s:`},
		{"not a CA", "plain", "", leaf, `spec.trustBundle: Invalid value: "<value omitted>": entry 0 does not have the CA bit set`},
		{"duplicate", "plain", "", ca + ca, `spec.trustBundle: Invalid value: "<value omitted>": duplicate trust anchor (indices [0 1])`},
		{"empty", "plain", "", "", `spec.trustBundle: Invalid value: "<value omitted>": at least one trust anchor must be provided`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bundle := &certificatesv1.ClusterTrustBundle{ObjectMeta: metav1.ObjectMeta{Name: tc.bundleName}, Spec: certificatesv1.ClusterTrustBundleSpec{SignerName: tc.signer, TrustBundle: tc.bundle}}
			if got := errorStrings(ValidateClusterTrustBundle(bundle)); got != tc.want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestValidateClusterTrustBundleUpdateKeepsSigner(t *testing.T) {
	old := &certificatesv1.ClusterTrustBundle{ObjectMeta: metav1.ObjectMeta{Name: "plain", ResourceVersion: "1"}, Spec: certificatesv1.ClusterTrustBundleSpec{TrustBundle: certPEM(t, true)}}
	moved := old.DeepCopy()
	moved.Name = "example.com:s:plain"
	moved.Spec.SignerName = "example.com/s"
	got := errorStrings(ValidateClusterTrustBundleUpdate(moved, old))
	if !strings.Contains(got, "spec.signerName: Invalid value: \"example.com/s\": field is immutable") {
		t.Errorf("errors = %s, want the signer name immutable", got)
	}
}

func TestValidatePodCertificateRequestMaxExpiration(t *testing.T) {
	for _, tc := range []struct {
		signer  string
		seconds int32
		want    string
	}{
		{"example.com/s", 7862400, ""},
		{"example.com/s", 3599, "spec.maxExpirationSeconds: Invalid value: 3599: must be in the range [3600, 7862400]"},
		{"kubernetes.io/s", 86401, "spec.maxExpirationSeconds: Invalid value: 86401: must be in the range [3600, 86400]"},
	} {
		req := &certificatesv1.PodCertificateRequest{
			ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "ns"},
			Spec: certificatesv1.PodCertificateRequestSpec{
				SignerName: tc.signer, PodName: "p", PodUID: "u", ServiceAccountName: "sa", ServiceAccountUID: "u", NodeName: "n", NodeUID: "u",
				MaxExpirationSeconds: ptr.To(tc.seconds), StubPKCS10Request: stubRequest(t),
			},
		}
		if got := errorStrings(ValidatePodCertificateRequestCreate(req)); got != tc.want {
			t.Errorf("%s %d: errors:\n%s\nwant:\n%s", tc.signer, tc.seconds, got, tc.want)
		}
	}
}

func stubRequest(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{}, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
