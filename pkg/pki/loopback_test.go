package pki

import (
	"crypto/tls"
	"crypto/x509"
	"testing"
	"time"
)

func TestLoopbackCert(t *testing.T) {
	now := time.Now()
	certPEM, keyPEM, err := LoopbackCert("apiserver-loopback-client", now)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatalf("certificate and key do not pair: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(certPEM) {
		t.Fatal("the certificate is not PEM")
	}
	for _, tt := range []struct {
		name   string
		at     time.Time
		wantOK bool
	}{
		{name: "apiserver-loopback-client", at: now, wantOK: true},
		{name: "apiserver-loopback-client", at: now.Add(364 * 24 * time.Hour), wantOK: true},
		{name: "localhost", at: now, wantOK: false},
		{name: "apiserver-loopback-client", at: now.Add(366 * 24 * time.Hour), wantOK: false},
	} {
		_, err := pair.Leaf.Verify(x509.VerifyOptions{DNSName: tt.name, Roots: roots, CurrentTime: tt.at, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		if (err == nil) != tt.wantOK {
			t.Errorf("verifying for %s at %s: err = %v, want ok %t", tt.name, tt.at.Format(time.RFC3339), err, tt.wantOK)
		}
	}
}
