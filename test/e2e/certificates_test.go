package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"
)

// csrManifest is a CertificateSigningRequest for a kube-apiserver client certificate of user in
// group, with a freshly generated key.
func csrManifest(t *testing.T, name, user, group string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: user, Organization: []string{group}}}, key)
	if err != nil {
		t.Fatal(err)
	}
	request := base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	return fmt.Sprintf(`apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: %s
spec:
  request: %s
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: [client auth]
`, name, request)
}

// TestKubectlCertificateApproveAndDeny follows two CSRs through `kubectl certificate approve` and
// `deny`, as an administrator would: the approved one is issued by the signing controller.
func TestKubectlCertificateApproveAndDeny(t *testing.T) {
	for _, name := range []string{"e2e-alice", "e2e-bob"} {
		kubectlIn(t, csrManifest(t, name, strings.TrimPrefix(name, "e2e-"), "dev"), "create", "-f", "-")
		t.Cleanup(func() { kubectl(t, "delete", "csr", name) })
	}
	if out := kubectl(t, "certificate", "approve", "e2e-alice"); out != "certificatesigningrequest.certificates.k8s.io/e2e-alice approved\n" {
		t.Errorf("kubectl certificate approve printed %q", out)
	}
	if out := kubectl(t, "certificate", "deny", "e2e-bob"); out != "certificatesigningrequest.certificates.k8s.io/e2e-bob denied\n" {
		t.Errorf("kubectl certificate deny printed %q", out)
	}

	deadline := time.Now().Add(30 * time.Second)
	for {
		tb := parseTable(t, kubectl(t, "get", "csr", "e2e-alice", "e2e-bob"))
		tb.wantHeader(t, "NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION")
		alice, bob := tb.row(t, "e2e-alice"), tb.row(t, "e2e-bob")
		if alice["CONDITION"] == "Approved,Issued" {
			wantCells(t, alice, map[string]string{"SIGNERNAME": "kubernetes.io/kube-apiserver-client", "REQUESTEDDURATION": "24h"})
			wantCells(t, bob, map[string]string{"CONDITION": "Denied"})
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("e2e-alice condition = %q, want Approved,Issued once signed", alice["CONDITION"])
		}
		time.Sleep(200 * time.Millisecond)
	}
	if cert := kubectl(t, "get", "csr", "e2e-alice", "-o", "jsonpath={.status.certificate}"); cert == "" {
		t.Error("the approved CSR carries no certificate")
	}
}
