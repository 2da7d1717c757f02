// Package serviceaccount issues and verifies service-account tokens: JWTs signed with the
// --service-account-signing-key-file key or by the external signer of
// --service-account-signing-endpoint, carrying kube-apiserver's claims, so that tokens issued by kapi
// and by kube-apiserver are interchangeable for every consumer that verifies them.
package serviceaccount

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
)

// KeyID derives the "kid" of a public key as kube-apiserver does: the unpadded base64url SHA-256 of
// its DER (PKIX) encoding. The hash cannot be reversed into the key, and verifiers holding several
// keys can pick the right one.
func KeyID(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("failed to serialize public key to DER format: %w", err)
	}
	sum := sha256.Sum256(der)
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

// signingAlgorithm returns the JWS algorithm kube-apiserver signs with for a key: RS256 for RSA, and
// the ES algorithm matching the curve for ECDSA.
func signingAlgorithm(pub crypto.PublicKey) (jose.SignatureAlgorithm, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return jose.RS256, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return jose.ES256, nil
		case elliptic.P384():
			return jose.ES384, nil
		case elliptic.P521():
			return jose.ES512, nil
		}
		return "", fmt.Errorf("unknown elliptic curve %s", k.Curve.Params().Name)
	}
	return "", fmt.Errorf("unknown public key type %T, must be *rsa.PublicKey or *ecdsa.PublicKey", pub)
}

// verifyingAlgorithms are the algorithms a token may be signed with; anything else (notably "none"
// and the HMAC family) is refused before any key is tried.
var verifyingAlgorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.PS256, jose.PS384, jose.PS512,
}
