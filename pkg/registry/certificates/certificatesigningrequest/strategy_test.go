package certificatesigningrequest

import (
	"context"
	"reflect"
	"testing"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/utils/ptr"
)

func TestPrepareForCreateRecordsTheRequester(t *testing.T) {
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "alice", UID: "u1", Groups: []string{"devs"}, Extra: map[string][]string{"scopes": {"a"}}})
	csr := &certificatesv1.CertificateSigningRequest{
		Spec:   certificatesv1.CertificateSigningRequestSpec{Username: "mallory", Groups: []string{"system:masters"}},
		Status: certificatesv1.CertificateSigningRequestStatus{Certificate: []byte("x"), Conditions: []certificatesv1.CertificateSigningRequestCondition{{Type: certificatesv1.CertificateApproved}}},
	}
	Strategy.PrepareForCreate(ctx, csr)
	want := certificatesv1.CertificateSigningRequestSpec{Username: "alice", UID: "u1", Groups: []string{"devs"}, Extra: map[string]certificatesv1.ExtraValue{"scopes": {"a"}}}
	if !reflect.DeepEqual(csr.Spec, want) || !reflect.DeepEqual(csr.Status, certificatesv1.CertificateSigningRequestStatus{}) {
		t.Errorf("spec %+v, status %+v; want the context's user and no status", csr.Spec, csr.Status)
	}
}

func TestSubresourcesWriteTheirOwnPart(t *testing.T) {
	earlier := metav1.NewTime(time.Now().Add(-time.Hour).Truncate(time.Second))
	old := &certificatesv1.CertificateSigningRequest{
		Spec: certificatesv1.CertificateSigningRequestSpec{SignerName: "example.com/s"},
		Status: certificatesv1.CertificateSigningRequestStatus{Conditions: []certificatesv1.CertificateSigningRequestCondition{
			{Type: certificatesv1.CertificateApproved, Status: corev1.ConditionTrue, Reason: "Yes", LastTransitionTime: earlier, LastUpdateTime: earlier}}},
	}
	write := func() *certificatesv1.CertificateSigningRequest {
		csr := old.DeepCopy()
		csr.Spec.SignerName = "example.com/other"
		csr.Spec.ExpirationSeconds = ptr.To[int32](600)
		csr.Status.Certificate = []byte("cert")
		csr.Status.Conditions[0].Reason = "Changed"
		csr.Status.Conditions = append(csr.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{Type: certificatesv1.CertificateFailed, Status: corev1.ConditionTrue})
		return csr
	}

	status := write()
	StatusStrategy.PrepareForUpdate(context.Background(), status, old)
	if status.Spec.SignerName != "example.com/s" || string(status.Status.Certificate) != "cert" || status.Status.Conditions[0].Reason != "Yes" {
		t.Errorf("status write: signer %q, certificate %q, approval reason %q; want the spec and approval kept, the certificate written",
			status.Spec.SignerName, status.Status.Certificate, status.Status.Conditions[0].Reason)
	}
	if failed := status.Status.Conditions[1]; failed.LastUpdateTime.IsZero() || failed.LastTransitionTime.IsZero() {
		t.Errorf("new Failed condition %+v, want its times stamped", failed)
	}

	approval := write()
	ApprovalStrategy.PrepareForUpdate(context.Background(), approval, old)
	if approval.Spec.ExpirationSeconds != nil || len(approval.Status.Certificate) != 0 || approval.Status.Conditions[0].Reason != "Changed" {
		t.Errorf("approval write: expiration %v, certificate %q, approval reason %q; want the spec and certificate kept, the approval written",
			approval.Spec.ExpirationSeconds, approval.Status.Certificate, approval.Status.Conditions[0].Reason)
	}
	if got := approval.Status.Conditions[0].LastTransitionTime; !got.Equal(&earlier) {
		t.Errorf("approval lastTransitionTime = %v, want the stored %v", got, earlier)
	}

	main := write()
	Strategy.PrepareForUpdate(context.Background(), main, old)
	if !reflect.DeepEqual(main.Spec, old.Spec) || !reflect.DeepEqual(main.Status, old.Status) {
		t.Errorf("main write changed spec or status: %+v", main)
	}
}
