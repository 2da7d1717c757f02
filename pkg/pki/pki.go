// Package pki creates and maintains the certificates and keys kapi needs
// to serve securely: a cluster CA, the API server's serving certificate,
// an admin client certificate, the service-account signing key pair, and
// the front-proxy CA with the client certificate the aggregator proxies
// to extension API servers with.
package pki

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	certutil "k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
)

const (
	// caCommonName matches the CA kubeadm creates.
	caCommonName = "kubernetes"
	// servingCommonName matches kubeadm's API server certificate.
	servingCommonName = "kube-apiserver"
	// AdminUser is the user name of the admin client certificate.
	AdminUser = "kubernetes-admin"
	// AdminGroup is the group of the admin client certificate; the
	// authorizer grants it every permission.
	AdminGroup = "system:masters"

	// leafValidity is kubeadm's lifetime for certificates signed by the CA.
	leafValidity = 365 * 24 * time.Hour
	// renewBefore is how close to expiry a certificate signed by the CA is
	// replaced, so a kapi restarted now and then never serves an expired
	// one.
	renewBefore = 30 * 24 * time.Hour
	// frontProxyCACommonName and FrontProxyClientName match kubeadm's
	// front-proxy CA and the client certificate it signs, whose name
	// extension API servers accept in --requestheader-allowed-names.
	frontProxyCACommonName = "front-proxy-ca"
	FrontProxyClientName   = "front-proxy-client"
	// serviceAccountKeyBits matches the RSA key kubeadm generates.
	serviceAccountKeyBits = 2048
)

// defaultDNSNames are the names the in-cluster "kubernetes" service and
// local clients reach the API server by.
var defaultDNSNames = []string{
	"localhost",
	"kubernetes",
	"kubernetes.default",
	"kubernetes.default.svc",
	"kubernetes.default.svc.cluster.local",
}

var defaultIPs = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}

// Files holds the paths of everything Ensure maintains.
type Files struct {
	CACert            string
	CAKey             string
	ServingCert       string
	ServingKey        string
	AdminCert         string
	AdminKey          string
	ServiceAccountKey string
	ServiceAccountPub string
	// FrontProxyCACert signs the client certificate in FrontProxyClientCert, which the aggregator
	// presents to extension API servers along with the user's identity in request headers.
	FrontProxyCACert     string
	FrontProxyCAKey      string
	FrontProxyClientCert string
	FrontProxyClientKey  string
}

// FilesIn returns the paths Ensure uses under dir.
func FilesIn(dir string) Files {
	return Files{
		CACert:            filepath.Join(dir, "ca.crt"),
		CAKey:             filepath.Join(dir, "ca.key"),
		ServingCert:       filepath.Join(dir, "apiserver.crt"),
		ServingKey:        filepath.Join(dir, "apiserver.key"),
		AdminCert:         filepath.Join(dir, "admin.crt"),
		AdminKey:          filepath.Join(dir, "admin.key"),
		ServiceAccountKey: filepath.Join(dir, "sa.key"),
		ServiceAccountPub: filepath.Join(dir, "sa.pub"),

		FrontProxyCACert:     filepath.Join(dir, "front-proxy-ca.crt"),
		FrontProxyCAKey:      filepath.Join(dir, "front-proxy-ca.key"),
		FrontProxyClientCert: filepath.Join(dir, "front-proxy-client.crt"),
		FrontProxyClientKey:  filepath.Join(dir, "front-proxy-client.key"),
	}
}

// Option adjusts what Ensure asks of the serving certificate.
type Option func(*options)

type options struct {
	dnsNames []string
	ips      []net.IP
	// noServiceAccountKey leaves sa.key and sa.pub alone.
	noServiceAccountKey bool
}

// WithDNSNames adds DNS names the serving certificate must be valid for.
func WithDNSNames(names ...string) Option {
	return func(o *options) { o.dnsNames = append(o.dnsNames, names...) }
}

// WithIPs adds IP addresses the serving certificate must be valid for,
// such as the advertise address and the first service IP. Unspecified
// addresses (0.0.0.0, ::) are skipped, as no client connects to them, so a
// bind address can be passed as is.
func WithIPs(ips ...net.IP) Option {
	return func(o *options) { o.ips = append(o.ips, ips...) }
}

// WithoutServiceAccountKey leaves the service-account key pair out, for a server that signs its
// tokens with keys it was given, such as envtest's: a new RSA key takes a tenth of a second.
func WithoutServiceAccountKey() Option {
	return func(o *options) { o.noServiceAccountKey = true }
}

// Ensure makes dir hold a complete, valid PKI and returns its file paths.
// Existing files are reused. Certificates signed by the CA are reissued
// when missing, unreadable, not signed by the current CA, within 30 days
// of expiry, or, for the serving certificate, not valid for every
// requested name and address. A new CA is generated only when ca.crt or
// ca.key is missing; a present but unusable CA is an error rather than
// being replaced, since replacing it invalidates every issued credential.
// The service-account public key is rederived from sa.key when missing or
// mismatched. Private keys are written with mode 0600. As the admin
// certificate may have been reissued, a kubeconfig embedding it should be
// rewritten after every Ensure.
func Ensure(dir string, opts ...Option) (Files, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	files := FilesIn(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Files{}, fmt.Errorf("creating PKI directory: %w", err)
	}
	now := time.Now()
	// A new RSA key takes longer than all the ECDSA certificates together: generate it beside them.
	var serviceAccountKeyErr error
	var serviceAccountKey sync.WaitGroup
	if !o.noServiceAccountKey {
		serviceAccountKey.Go(func() { serviceAccountKeyErr = ensureServiceAccountKey(files) })
	}
	err := ensureCertificates(files, o, now)
	serviceAccountKey.Wait()
	if err == nil {
		err = serviceAccountKeyErr
	}
	if err != nil {
		return Files{}, err
	}
	return files, nil
}

// ensureCertificates keeps the CAs, serving, admin and front-proxy client certificates of files
// valid, signed and holding the names of o.
func ensureCertificates(files Files, o options, now time.Time) error {
	ca, caKey, caIsNew, err := ensureCA(files.CACert, files.CAKey, caCommonName, now)
	if err != nil {
		return err
	}
	dnsNames, ips := servingSANs(o)
	serving := &x509.Certificate{
		Subject:     pkix.Name{CommonName: servingCommonName},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    dnsNames,
		IPAddresses: ips,
	}
	if err := ensureLeaf(files.ServingCert, files.ServingKey, serving, ca, caKey, caIsNew, now); err != nil {
		return err
	}
	admin := &x509.Certificate{
		Subject:     pkix.Name{CommonName: AdminUser, Organization: []string{AdminGroup}},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if err := ensureLeaf(files.AdminCert, files.AdminKey, admin, ca, caKey, caIsNew, now); err != nil {
		return err
	}
	frontProxyCA, frontProxyKey, frontProxyIsNew, err := ensureCA(files.FrontProxyCACert, files.FrontProxyCAKey, frontProxyCACommonName, now)
	if err != nil {
		return err
	}
	frontProxyClient := &x509.Certificate{
		Subject:     pkix.Name{CommonName: FrontProxyClientName},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return ensureLeaf(files.FrontProxyClientCert, files.FrontProxyClientKey, frontProxyClient, frontProxyCA, frontProxyKey, frontProxyIsNew, now)
}

func servingSANs(o options) ([]string, []net.IP) {
	var dnsNames []string
	for _, n := range slices.Concat(defaultDNSNames, o.dnsNames) {
		if n != "" && !slices.Contains(dnsNames, n) {
			dnsNames = append(dnsNames, n)
		}
	}
	var ips []net.IP
	for _, ip := range slices.Concat(defaultIPs, o.ips) {
		if ip == nil || ip.IsUnspecified() || containsIP(ips, ip) {
			continue
		}
		ips = append(ips, ip)
	}
	return dnsNames, ips
}

func containsIP(ips []net.IP, ip net.IP) bool {
	return slices.ContainsFunc(ips, ip.Equal)
}

// ensureCA loads the CA of certPath and keyPath, or generates one named commonName when either is
// missing; it reports whether the CA is new.
func ensureCA(certPath, keyPath, commonName string, now time.Time) (*x509.Certificate, crypto.Signer, bool, error) {
	if exists(certPath) && exists(keyPath) {
		ca, key, err := loadPair(certPath, keyPath)
		if err != nil {
			return nil, nil, false, fmt.Errorf("loading CA: %w", err)
		}
		if !ca.IsCA {
			return nil, nil, false, fmt.Errorf("CA certificate %s is not a CA", certPath)
		}
		if !now.Before(ca.NotAfter) {
			return nil, nil, false, fmt.Errorf("CA certificate %s expired at %s; remove %s and %s to generate a new CA", certPath, ca.NotAfter.Format(time.RFC3339), certPath, keyPath)
		}
		return ca, key, false, nil
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, false, fmt.Errorf("generating CA key: %w", err)
	}
	ca, err := certutil.NewSelfSignedCACert(certutil.Config{CommonName: commonName, NotBefore: now}, key)
	if err != nil {
		return nil, nil, false, fmt.Errorf("generating CA certificate: %w", err)
	}
	if err := writePair(certPath, keyPath, ca, key); err != nil {
		return nil, nil, false, err
	}
	return ca, key, true, nil
}

// ensureLeaf keeps certPath/keyPath holding a certificate with the subject,
// extended key usages and SANs of want, signed by ca and not near expiry.
func ensureLeaf(certPath, keyPath string, want, ca *x509.Certificate, caKey crypto.Signer, reissue bool, now time.Time) error {
	if !reissue {
		if cert, _, err := loadPair(certPath, keyPath); err == nil && satisfies(cert, want, ca, now) {
			return nil
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generating key for %s: %w", certPath, err)
	}
	cert, err := issue(want, key.Public(), ca, caKey, now, now.Add(leafValidity))
	if err != nil {
		return fmt.Errorf("issuing %s: %w", certPath, err)
	}
	return writePair(certPath, keyPath, cert, key)
}

func satisfies(cert, want, ca *x509.Certificate, now time.Time) bool {
	if cert.CheckSignatureFrom(ca) != nil || now.Before(cert.NotBefore) || cert.NotAfter.Sub(now) < renewBefore {
		return false
	}
	if cert.Subject.CommonName != want.Subject.CommonName || !slices.Equal(cert.Subject.Organization, want.Subject.Organization) {
		return false
	}
	for _, u := range want.ExtKeyUsage {
		if !slices.Contains(cert.ExtKeyUsage, u) {
			return false
		}
	}
	for _, n := range want.DNSNames {
		if !slices.Contains(cert.DNSNames, n) {
			return false
		}
	}
	for _, ip := range want.IPAddresses {
		if !containsIP(cert.IPAddresses, ip) {
			return false
		}
	}
	return true
}

// issue signs a certificate for pub carrying tmpl's subject, extended key
// usages and SANs. Its lifetime is capped at the CA's, which a
// certificate chain cannot outlive anyway.
func issue(tmpl *x509.Certificate, pub crypto.PublicKey, ca *x509.Certificate, caKey crypto.Signer, notBefore, notAfter time.Time) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	if notAfter.After(ca.NotAfter) {
		notAfter = ca.NotAfter
	}
	keyUsage := x509.KeyUsageDigitalSignature
	if _, isRSA := pub.(*rsa.PublicKey); isRSA {
		keyUsage |= x509.KeyUsageKeyEncipherment
	}
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)),
		Subject:               tmpl.Subject,
		DNSNames:              tmpl.DNSNames,
		IPAddresses:           tmpl.IPAddresses,
		NotBefore:             notBefore.UTC(),
		NotAfter:              notAfter.UTC(),
		KeyUsage:              keyUsage,
		ExtKeyUsage:           tmpl.ExtKeyUsage,
		BasicConstraintsValid: true,
	}, ca, pub, caKey)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// ensureServiceAccountKey keeps sa.key holding a private key and sa.pub
// its public half. kube-apiserver signs tokens with the first and verifies
// them with the second.
func ensureServiceAccountKey(files Files) error {
	var key crypto.Signer
	if exists(files.ServiceAccountKey) {
		k, err := loadKey(files.ServiceAccountKey)
		if err != nil {
			return fmt.Errorf("loading service-account key: %w", err)
		}
		key = k
	} else {
		k, err := rsa.GenerateKey(rand.Reader, serviceAccountKeyBits)
		if err != nil {
			return fmt.Errorf("generating service-account key: %w", err)
		}
		data, err := keyutil.MarshalPrivateKeyToPEM(k)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(files.ServiceAccountKey, data, 0o600); err != nil {
			return err
		}
		key = k
	}

	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("encoding service-account public key: %w", err)
	}
	pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	if existing, err := os.ReadFile(files.ServiceAccountPub); err == nil && bytes.Equal(existing, pub) {
		return nil
	}
	return writeFileAtomic(files.ServiceAccountPub, pub, 0o644)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// loadPair reads a certificate and its private key, failing if the key
// does not belong to the certificate.
func loadPair(certPath, keyPath string) (*x509.Certificate, crypto.Signer, error) {
	certs, err := certutil.CertsFromFile(certPath)
	if err != nil {
		return nil, nil, err
	}
	key, err := loadKey(keyPath)
	if err != nil {
		return nil, nil, err
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(certs[0].PublicKey) {
		return nil, nil, fmt.Errorf("key %s does not match certificate %s", keyPath, certPath)
	}
	return certs[0], key, nil
}

func loadKey(path string) (crypto.Signer, error) {
	k, err := keyutil.PrivateKeyFromFile(path)
	if err != nil {
		return nil, err
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("key %s cannot sign", path)
	}
	return signer, nil
}

// writePair writes the key before the certificate: an interrupted write
// then leaves a mismatched pair, which loadPair rejects and the next
// Ensure replaces, rather than a certificate without its key.
func writePair(certPath, keyPath string, cert *x509.Certificate, key crypto.PrivateKey) error {
	keyPEM, err := keyutil.MarshalPrivateKeyToPEM(key)
	if err != nil {
		return err
	}
	certPEM, err := certutil.EncodeCertificates(cert)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(keyPath, keyPEM, 0o600); err != nil {
		return err
	}
	return writeFileAtomic(certPath, certPEM, 0o644)
}

// writeFileAtomic replaces path with data in one rename, so readers never
// see a partial file and perm applies even when path already existed.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
