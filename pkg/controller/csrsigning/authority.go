package csrsigning

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
)

const (
	// backdate is how far before now a certificate becomes valid, for clocks that lag the signer's.
	backdate = 5 * time.Minute
	// shortLived certificates keep their whole requested lifetime after now; longer ones lose the
	// backdate from their end, so that their lifetime is what was asked.
	shortLived = 8 * time.Hour
)

// Authority issues certificates with a CA.
type Authority struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// issue signs a certificate for req valid for ttl from now, with the given usages and the request's
// subject and subject alternative names, capped at the CA's own expiry. It returns it as PEM.
func (a Authority) issue(req *x509.CertificateRequest, usages []certificatesv1.KeyUsage, ttl time.Duration, now time.Time) ([]byte, error) {
	if !now.Before(a.Cert.NotAfter) {
		return nil, fmt.Errorf("refusing to sign a certificate that expired in the past: NotAfter=%v", a.Cert.NotAfter)
	}
	keyUsage, extKeyUsage, err := x509Usages(usages)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, err
	}
	notAfter := now.Add(ttl - backdate)
	if ttl < shortLived {
		notAfter = now.Add(ttl)
	}
	if notAfter.After(a.Cert.NotAfter) {
		notAfter = a.Cert.NotAfter
	}
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber:          serial,
		Subject:               req.Subject,
		DNSNames:              req.DNSNames,
		IPAddresses:           req.IPAddresses,
		EmailAddresses:        req.EmailAddresses,
		URIs:                  req.URIs,
		NotBefore:             now.Add(-backdate),
		NotAfter:              notAfter,
		KeyUsage:              keyUsage,
		ExtKeyUsage:           extKeyUsage,
		BasicConstraintsValid: true,
	}, a.Cert, req.PublicKey, a.Key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
