package csrapproving

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"strings"
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"
)

func kubeletCSR(t *testing.T, requester, node string, orgs ...string) *certificatesv1.CertificateSigningRequest {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "system:node:" + node, Organization: orgs}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return &certificatesv1.CertificateSigningRequest{
		ObjectMeta: metav1.ObjectMeta{Name: "csr"},
		Spec: certificatesv1.CertificateSigningRequestSpec{
			Request:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}),
			SignerName: certificatesv1.KubeAPIServerClientKubeletSignerName,
			Usages:     []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth},
			Username:   requester,
		},
	}
}

// syncWith runs the approver over csr with an authorizer that allows the subresources in allowed,
// and returns the stored request and the subresources asked about.
func syncWith(t *testing.T, csr *certificatesv1.CertificateSigningRequest, allowed ...string) (*certificatesv1.CertificateSigningRequest, []string) {
	t.Helper()
	client := fake.NewClientset(csr)
	var asked []string
	client.PrependReactor("create", "subjectaccessreviews", func(action clienttesting.Action) (bool, runtime.Object, error) {
		sar := action.(clienttesting.CreateAction).GetObject().(*authorizationv1.SubjectAccessReview)
		attrs := sar.Spec.ResourceAttributes
		asked = append(asked, attrs.Subresource)
		for _, a := range allowed {
			if a == attrs.Subresource && attrs.Verb == "create" && sar.Spec.User == csr.Spec.Username {
				sar.Status.Allowed = true
			}
		}
		return true, sar, nil
	})
	requests := informers.NewSharedInformerFactory(client, 0).Certificates().V1().CertificateSigningRequests()
	a, err := New(client, requests)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.sync(context.Background(), csr); err != nil {
		t.Fatal(err)
	}
	got, err := client.CertificatesV1().CertificateSigningRequests().Get(context.Background(), csr.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got, asked
}

func TestApprover(t *testing.T) {
	for _, tc := range []struct {
		name     string
		csr      *certificatesv1.CertificateSigningRequest
		allowed  []string
		asked    string
		approved string
	}{
		{"bootstrap token allowed nodeclient", kubeletCSR(t, "system:bootstrap:abc", "n1", "system:nodes"), []string{"nodeclient"}, "[nodeclient]",
			"Auto approving kubelet client certificate after SubjectAccessReview."},
		{"node renewing itself", kubeletCSR(t, "system:node:n1", "n1", "system:nodes"), []string{"selfnodeclient"}, "[selfnodeclient]",
			"Auto approving self kubelet client certificate after SubjectAccessReview."},
		{"node renewing another node", kubeletCSR(t, "system:node:n2", "n1", "system:nodes"), []string{"selfnodeclient"}, "[nodeclient]", ""},
		{"not allowed", kubeletCSR(t, "system:bootstrap:abc", "n1", "system:nodes"), nil, "[nodeclient]", ""},
		{"not a kubelet request", kubeletCSR(t, "system:bootstrap:abc", "n1", "devs"), []string{"nodeclient"}, "[]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, asked := syncWith(t, tc.csr, tc.allowed...)
			if s := "[" + strings.Join(asked, " ") + "]"; s != tc.asked {
				t.Errorf("asked about %s, want %s", s, tc.asked)
			}
			message := ""
			if c := got.Status.Conditions; len(c) == 1 && c[0].Type == certificatesv1.CertificateApproved && c[0].Reason == "AutoApproved" {
				message = c[0].Message
			}
			if message != tc.approved {
				t.Errorf("approval message %q, want %q (conditions %+v)", message, tc.approved, got.Status.Conditions)
			}
		})
	}
}
