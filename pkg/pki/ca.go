package pki

import (
	"crypto"
	"crypto/x509"
)

// LoadCA reads the cluster CA's certificate and key, with which the CSR signing controller issues
// certificates that kapi's client-certificate authenticator trusts.
func LoadCA(files Files) (*x509.Certificate, crypto.Signer, error) {
	return loadPair(files.CACert, files.CAKey)
}
