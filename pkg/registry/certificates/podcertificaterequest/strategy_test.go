package podcertificaterequest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/utils/ptr"
)

func TestStatusStrategy(t *testing.T) {
	denyAll := authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
		return authorizer.DecisionNoOpinion, "", nil
	})
	s := NewStatusStrategy(denyAll)
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "signer"})
	old := &certificatesv1.PodCertificateRequest{
		ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "ns", ResourceVersion: "1", Labels: map[string]string{"a": "b"}},
		Spec:       certificatesv1.PodCertificateRequestSpec{SignerName: "example.com/s"},
	}

	denied := old.DeepCopy()
	denied.Labels = nil
	denied.Spec.SignerName = "example.com/other"
	denied.Status.Conditions = []metav1.Condition{{Type: certificatesv1.PodCertificateRequestConditionTypeDenied, Status: metav1.ConditionTrue, Reason: "No", Message: "no"}}
	s.PrepareForUpdate(ctx, denied, old)
	if denied.Spec.SignerName != "example.com/s" || denied.Labels["a"] != "b" || denied.Status.Conditions[0].LastTransitionTime.IsZero() {
		t.Errorf("status write: signer %q, labels %v, transition %v; want spec and metadata kept, the condition stamped",
			denied.Spec.SignerName, denied.Labels, denied.Status.Conditions[0].LastTransitionTime)
	}
	if errs := s.ValidateUpdate(ctx, denied, old); len(errs) != 0 {
		t.Errorf("denying without sign permission: %v, want allowed", errs)
	}

	issued := old.DeepCopy()
	issued.Status.CertificateChain = "x"
	issued.Status.Conditions = []metav1.Condition{{Type: certificatesv1.PodCertificateRequestConditionTypeIssued, Status: metav1.ConditionTrue, Reason: "Yes", Message: "yes", LastTransitionTime: metav1.NewTime(time.Now())}}
	errs := s.ValidateUpdate(ctx, issued, old)
	if len(errs) != 1 || errs[0].Error() != `status.certificateChain: Invalid value: "x": issued certificate chain must contain at least one certificate` {
		t.Errorf("errors = %v, want the chain refused", errs)
	}

	// A valid issuance still needs "sign" on the signer.
	withKey, valid := issuedFor(t, old)
	errs = s.ValidateUpdate(ctx, valid, withKey)
	if len(errs) != 1 || errs[0].Error() != `spec.signerName: Forbidden: User "signer" is not permitted to "sign" for signer "example.com/s"` {
		t.Errorf("errors = %v, want the signer refused", errs)
	}
}

// issuedFor returns old with a stub request for a new key, and a valid issuance of it.
func issuedFor(t *testing.T, old *certificatesv1.PodCertificateRequest) (*certificatesv1.PodCertificateRequest, *certificatesv1.PodCertificateRequest) {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	stub, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{}, key)
	if err != nil {
		t.Fatal(err)
	}
	withKey := old.DeepCopy()
	withKey.Spec.StubPKCS10Request = stub
	withKey.Spec.MaxExpirationSeconds = ptr.To[int32](86400)
	notBefore := time.Now().Truncate(time.Second)
	notAfter := notBefore.Add(2 * time.Hour)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: notBefore, NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	issued := withKey.DeepCopy()
	issued.Status = certificatesv1.PodCertificateRequestStatus{
		Conditions:       []metav1.Condition{{Type: certificatesv1.PodCertificateRequestConditionTypeIssued, Status: metav1.ConditionTrue, Reason: "Yes", Message: "yes", LastTransitionTime: metav1.NewTime(notBefore)}},
		CertificateChain: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		NotBefore:        ptr.To(metav1.NewTime(notBefore)),
		NotAfter:         ptr.To(metav1.NewTime(notAfter)),
		BeginRefreshAt:   ptr.To(metav1.NewTime(notBefore.Add(time.Hour))),
	}
	return withKey, issued
}
