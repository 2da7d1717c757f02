package pki

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	certutil "k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
)

func ensure(t *testing.T, dir string, opts ...Option) Files {
	t.Helper()
	files, err := Ensure(dir, opts...)
	if err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return files
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	certs, err := certutil.CertsFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return certs[0]
}

func caPool(t *testing.T, files Files) *x509.CertPool {
	t.Helper()
	pool, err := certutil.NewPool(files.CACert)
	if err != nil {
		t.Fatal(err)
	}
	return pool
}

// snapshot maps each file name to its contents.
func snapshot(t *testing.T, files Files) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range paths(files) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

func paths(f Files) []string {
	return []string{f.CACert, f.CAKey, f.ServingCert, f.ServingKey, f.AdminCert, f.AdminKey, f.ServiceAccountKey, f.ServiceAccountPub,
		f.FrontProxyCACert, f.FrontProxyCAKey, f.FrontProxyClientCert, f.FrontProxyClientKey}
}

func TestEnsureGeneratesPKI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	files := ensure(t, dir,
		WithDNSNames("kapi.example.com", "localhost"),
		WithIPs(net.ParseIP("10.96.0.1"), net.IPv4zero, net.ParseIP("192.168.1.5"), net.ParseIP("127.0.0.1")),
	)

	if want := FilesIn(dir); files != want {
		t.Fatalf("Ensure returned %+v, want %+v", files, want)
	}
	wantNames := []string{"ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "admin.crt", "admin.key", "sa.key", "sa.pub",
		"front-proxy-ca.crt", "front-proxy-ca.key", "front-proxy-client.crt", "front-proxy-client.key"}
	for i, p := range paths(files) {
		if filepath.Dir(p) != dir || filepath.Base(p) != wantNames[i] {
			t.Errorf("path %s, want %s", p, filepath.Join(dir, wantNames[i]))
		}
	}
	for path, mode := range map[string]os.FileMode{
		dir:                       os.ModeDir | 0o700,
		files.CAKey:               0o600,
		files.ServingKey:          0o600,
		files.AdminKey:            0o600,
		files.ServiceAccountKey:   0o600,
		files.CACert:              0o644,
		files.ServingCert:         0o644,
		files.AdminCert:           0o644,
		files.ServiceAccountPub:   0o644,
		files.FrontProxyCAKey:     0o600,
		files.FrontProxyClientKey: 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != mode {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode(), mode)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	ca := readCert(t, files.CACert)
	if !ca.IsCA || ca.Subject.CommonName != "kubernetes" || ca.CheckSignatureFrom(ca) != nil {
		t.Errorf("CA: IsCA=%v CN=%q, self-signed=%v", ca.IsCA, ca.Subject.CommonName, ca.CheckSignatureFrom(ca) == nil)
	}

	serving := readCert(t, files.ServingCert)
	if serving.Subject.CommonName != "kube-apiserver" {
		t.Errorf("serving CN = %q, want kube-apiserver", serving.Subject.CommonName)
	}
	wantDNS := []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "kapi.example.com"}
	if !slices.Equal(serving.DNSNames, wantDNS) {
		t.Errorf("serving DNS names = %q, want %q", serving.DNSNames, wantDNS)
	}
	var gotIPs []string
	for _, ip := range serving.IPAddresses {
		gotIPs = append(gotIPs, ip.String())
	}
	if wantIPs := []string{"127.0.0.1", "::1", "10.96.0.1", "192.168.1.5"}; !slices.Equal(gotIPs, wantIPs) {
		t.Errorf("serving IPs = %q, want %q", gotIPs, wantIPs)
	}
	if !slices.Equal(serving.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("serving ExtKeyUsage = %v, want server auth only", serving.ExtKeyUsage)
	}
	for _, name := range append(wantDNS, gotIPs...) {
		if _, err := serving.Verify(x509.VerifyOptions{DNSName: name, Roots: caPool(t, files)}); err != nil {
			t.Errorf("serving certificate not valid for %s: %v", name, err)
		}
	}
	if d := serving.NotAfter.Sub(serving.NotBefore); d != 365*24*time.Hour {
		t.Errorf("serving certificate valid for %v, want one year", d)
	}

	admin := readCert(t, files.AdminCert)
	if admin.Subject.CommonName != "kubernetes-admin" || !slices.Equal(admin.Subject.Organization, []string{"system:masters"}) {
		t.Errorf("admin subject = %v, want CN=kubernetes-admin O=system:masters", admin.Subject)
	}
	if _, err := admin.Verify(x509.VerifyOptions{Roots: caPool(t, files), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("admin certificate not valid for client auth: %v", err)
	}
	if _, err := admin.Verify(x509.VerifyOptions{Roots: caPool(t, files), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err == nil {
		t.Error("admin certificate is valid for server auth")
	}

	frontProxyCA := readCert(t, files.FrontProxyCACert)
	if !frontProxyCA.IsCA || frontProxyCA.Subject.CommonName != "front-proxy-ca" {
		t.Errorf("front-proxy CA: IsCA=%v CN=%q", frontProxyCA.IsCA, frontProxyCA.Subject.CommonName)
	}
	frontProxyRoots := x509.NewCertPool()
	frontProxyRoots.AddCert(frontProxyCA)
	frontProxyClient := readCert(t, files.FrontProxyClientCert)
	if frontProxyClient.Subject.CommonName != "front-proxy-client" {
		t.Errorf("front-proxy client CN = %q, want front-proxy-client", frontProxyClient.Subject.CommonName)
	}
	if _, err := frontProxyClient.Verify(x509.VerifyOptions{Roots: frontProxyRoots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("front-proxy client certificate not valid for client auth under the front-proxy CA: %v", err)
	}
	if _, err := frontProxyClient.Verify(x509.VerifyOptions{Roots: caPool(t, files), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err == nil {
		t.Error("the cluster CA signed the front-proxy client certificate; a request-header identity must need the front-proxy CA")
	}

	for _, p := range []string{files.CAKey, files.ServingKey, files.AdminKey} {
		key, err := keyutil.PrivateKeyFromFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if ec, ok := key.(*ecdsa.PrivateKey); !ok || ec.Curve != elliptic.P256() {
			t.Errorf("%s holds %T, want an ECDSA P-256 key", p, key)
		}
	}

	saKey, err := keyutil.PrivateKeyFromFile(files.ServiceAccountKey)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, ok := saKey.(*rsa.PrivateKey)
	if !ok || rsaKey.N.BitLen() != 2048 {
		t.Fatalf("sa.key holds %T, want an RSA 2048 key", saKey)
	}
	pubs, err := keyutil.PublicKeysFromFile(files.ServiceAccountPub)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 1 || !rsaKey.PublicKey.Equal(pubs[0]) {
		t.Errorf("sa.pub does not hold the public half of sa.key")
	}
}

func TestEnsureReusesExistingFiles(t *testing.T) {
	dir := t.TempDir()
	opts := []Option{WithDNSNames("kapi.example.com"), WithIPs(net.ParseIP("10.0.0.7"))}
	files := ensure(t, dir, opts...)
	first := snapshot(t, files)

	for name, again := range map[string][]Option{
		"same options":   opts,
		"subset of SANs": {WithIPs(net.ParseIP("10.0.0.7"))},
		"no options":     nil,
	} {
		ensure(t, dir, again...)
		if got := snapshot(t, files); !equalSnapshots(got, first) {
			t.Errorf("%s: files changed: %v", name, changed(first, got))
		}
	}
}

func equalSnapshots(a, b map[string][]byte) bool {
	return len(changed(a, b)) == 0
}

func changed(before, after map[string][]byte) []string {
	var out []string
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// issueForTest signs a certificate for key's public half with the given
// lifetime, standing in for certificates written by an earlier kapi.
func issueForTest(t *testing.T, tmpl *x509.Certificate, key *ecdsa.PrivateKey, caCertPath, caKeyPath string, notAfter time.Time) []byte {
	t.Helper()
	ca, caKey, err := loadPair(caCertPath, caKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := issue(tmpl, key.Public(), ca, caKey, time.Now().Add(-time.Hour), notAfter)
	if err != nil {
		t.Fatal(err)
	}
	data, err := certutil.EncodeCertificates(cert)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestEnsureReissues(t *testing.T) {
	tests := []struct {
		name        string
		mutate      func(t *testing.T, f Files)
		opts        []Option
		wantChanged []string
		// validFor are names the serving certificate must cover afterwards
		// besides the defaults.
		validFor []string
	}{
		{
			name:        "serving SANs no longer cover a new IP",
			opts:        []Option{WithIPs(net.ParseIP("10.96.0.1"))},
			wantChanged: []string{"apiserver.crt", "apiserver.key"},
			validFor:    []string{"10.96.0.1"},
		},
		{
			name:        "serving SANs no longer cover a new name",
			opts:        []Option{WithDNSNames("api.example.com")},
			wantChanged: []string{"apiserver.crt", "apiserver.key"},
			validFor:    []string{"api.example.com"},
		},
		{
			name:        "serving key missing",
			mutate:      func(t *testing.T, f Files) { os.Remove(f.ServingKey) },
			wantChanged: []string{"apiserver.crt", "apiserver.key"},
		},
		{
			name: "serving key belongs to another certificate",
			mutate: func(t *testing.T, f Files) {
				data, err := os.ReadFile(f.AdminKey)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, f.ServingKey, data)
			},
			wantChanged: []string{"apiserver.crt", "apiserver.key"},
		},
		{
			name:        "admin certificate corrupt",
			mutate:      func(t *testing.T, f Files) { writeFile(t, f.AdminCert, []byte("garbage")) },
			wantChanged: []string{"admin.crt", "admin.key"},
		},
		{
			name: "admin certificate expires within 30 days",
			mutate: func(t *testing.T, f Files) {
				key, err := keyutil.PrivateKeyFromFile(f.AdminKey)
				if err != nil {
					t.Fatal(err)
				}
				tmpl := &x509.Certificate{
					Subject:     pkix.Name{CommonName: AdminUser, Organization: []string{AdminGroup}},
					ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
				}
				writeFile(t, f.AdminCert, issueForTest(t, tmpl, key.(*ecdsa.PrivateKey), f.CACert, f.CAKey, time.Now().Add(29*24*time.Hour)))
			},
			wantChanged: []string{"admin.crt", "admin.key"},
		},
		{
			name: "admin certificate has another subject",
			mutate: func(t *testing.T, f Files) {
				key, err := keyutil.PrivateKeyFromFile(f.AdminKey)
				if err != nil {
					t.Fatal(err)
				}
				tmpl := &x509.Certificate{
					Subject:     pkix.Name{CommonName: AdminUser, Organization: []string{"kubeadm:cluster-admins"}},
					ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
				}
				writeFile(t, f.AdminCert, issueForTest(t, tmpl, key.(*ecdsa.PrivateKey), f.CACert, f.CAKey, time.Now().Add(300*24*time.Hour)))
			},
			wantChanged: []string{"admin.crt", "admin.key"},
		},
		{
			name: "CA key missing",
			mutate: func(t *testing.T, f Files) {
				os.Remove(f.CAKey)
			},
			wantChanged: []string{"admin.crt", "admin.key", "apiserver.crt", "apiserver.key", "ca.crt", "ca.key"},
		},
		{
			name: "CA certificate missing",
			mutate: func(t *testing.T, f Files) {
				os.Remove(f.CACert)
			},
			wantChanged: []string{"admin.crt", "admin.key", "apiserver.crt", "apiserver.key", "ca.crt", "ca.key"},
		},
		{
			name: "serving certificate signed by another CA",
			mutate: func(t *testing.T, f Files) {
				other := ensure(t, t.TempDir())
				for _, p := range [][2]string{{other.ServingCert, f.ServingCert}, {other.ServingKey, f.ServingKey}} {
					data, err := os.ReadFile(p[0])
					if err != nil {
						t.Fatal(err)
					}
					writeFile(t, p[1], data)
				}
			},
			wantChanged: []string{"apiserver.crt", "apiserver.key"},
		},
		{
			name:        "service-account public key missing",
			mutate:      func(t *testing.T, f Files) { os.Remove(f.ServiceAccountPub) },
			wantChanged: nil,
		},
		{
			name: "service-account public key of another key",
			mutate: func(t *testing.T, f Files) {
				data, err := os.ReadFile(ensure(t, t.TempDir()).ServiceAccountPub)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, f.ServiceAccountPub, data)
			},
			wantChanged: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := ensure(t, dir)
			before := snapshot(t, files)
			if tt.mutate != nil {
				tt.mutate(t, files)
			}
			ensure(t, dir, tt.opts...)
			after := snapshot(t, files)
			if got := changed(before, after); !slices.Equal(got, tt.wantChanged) {
				t.Fatalf("changed files = %q, want %q", got, tt.wantChanged)
			}

			pool := caPool(t, files)
			serving := readCert(t, files.ServingCert)
			for _, name := range append([]string{"localhost", "kubernetes.default.svc", "127.0.0.1"}, tt.validFor...) {
				if _, err := serving.Verify(x509.VerifyOptions{DNSName: name, Roots: pool}); err != nil {
					t.Errorf("serving certificate not valid for %s: %v", name, err)
				}
			}
			if _, err := readCert(t, files.AdminCert).Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
				t.Errorf("admin certificate not valid: %v", err)
			}
			if _, _, err := loadPair(files.ServingCert, files.ServingKey); err != nil {
				t.Error(err)
			}
			if _, _, err := loadPair(files.AdminCert, files.AdminKey); err != nil {
				t.Error(err)
			}
		})
	}
}

// selfSigned writes a self-signed certificate and its key to dir's CA
// files.
func selfSigned(t *testing.T, f Files, isCA bool, notAfter time.Time) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "kubernetes"},
		NotBefore:             notAfter.Add(-48 * time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  isCA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := writePair(f.CACert, f.CAKey, cert, key); err != nil {
		t.Fatal(err)
	}
}

func TestEnsureRejectsUnusableCA(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(t *testing.T, f Files)
		wantErr string
	}{
		{
			name:    "corrupt certificate",
			mutate:  func(t *testing.T, f Files) { writeFile(t, f.CACert, []byte("garbage")) },
			wantErr: "loading CA: error reading {ca.crt}: data does not contain any valid RSA or ECDSA certificates",
		},
		{
			name:    "corrupt key",
			mutate:  func(t *testing.T, f Files) { writeFile(t, f.CAKey, []byte("garbage")) },
			wantErr: "loading CA: error reading private key file {ca.key}: data does not contain a valid RSA or ECDSA private key",
		},
		{
			name: "key of another certificate",
			mutate: func(t *testing.T, f Files) {
				data, err := os.ReadFile(f.AdminKey)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, f.CAKey, data)
			},
			wantErr: "loading CA: key {ca.key} does not match certificate {ca.crt}",
		},
		{
			name:    "not a CA",
			mutate:  func(t *testing.T, f Files) { selfSigned(t, f, false, time.Now().Add(time.Hour)) },
			wantErr: "CA certificate {ca.crt} is not a CA",
		},
		{
			name: "expired",
			mutate: func(t *testing.T, f Files) {
				selfSigned(t, f, true, time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
			},
			wantErr: "CA certificate {ca.crt} expired at 2024-05-01T12:00:00Z; remove {ca.crt} and {ca.key} to generate a new CA",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := ensure(t, dir)
			tt.mutate(t, files)
			before := snapshot(t, files)

			_, err := Ensure(dir)
			want := strings.NewReplacer("{ca.crt}", files.CACert, "{ca.key}", files.CAKey).Replace(tt.wantErr)
			if err == nil || err.Error() != want {
				t.Fatalf("Ensure error = %v, want %q", err, want)
			}
			if got := changed(before, snapshot(t, files)); len(got) != 0 {
				t.Errorf("failed Ensure changed %q", got)
			}
		})
	}
}

func TestEnsureWithoutServiceAccountKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	files := ensure(t, dir, WithoutServiceAccountKey())
	for _, p := range []string{files.ServiceAccountKey, files.ServiceAccountPub} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want it not to exist", p, err)
		}
	}
	for _, p := range []string{files.CACert, files.ServingCert, files.AdminCert, files.FrontProxyClientCert} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	// A later start without a key of its own generates the pair.
	files = ensure(t, dir)
	if _, err := loadKey(files.ServiceAccountKey); err != nil {
		t.Error(err)
	}
}
