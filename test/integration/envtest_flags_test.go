package integration

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	certutil "k8s.io/client-go/util/cert"

	"github.com/kapi-dev/kapi/cmd/kapi/app"
	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	kapiserver "github.com/kapi-dev/kapi/pkg/server"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// envtestPKI is what controller-runtime's envtest writes into its certificate directory before it
// starts kube-apiserver: a serving pair, a CA for client certificates with an admin signed by it, and
// a service-account signing key with its certificate.
type envtestPKI struct {
	servingCA  *x509.CertPool
	servingPEM []byte
	adminCert  []byte
	adminKey   []byte
}

func writePEM(t *testing.T, path, blockType string, der []byte) []byte {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

func newKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func signCert(t *testing.T, tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) []byte {
	t.Helper()
	tmpl.SerialNumber = big.NewInt(time.Now().UnixNano())
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(time.Hour)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func writeEnvtestPKI(t *testing.T, dir string) envtestPKI {
	t.Helper()
	p := envtestPKI{servingCA: x509.NewCertPool()}

	servingCert, servingKey, err := certutil.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.IPv4(127, 0, 0, 1)}, []string{"localhost"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "apiserver.crt"), servingCert, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "apiserver.key"), servingKey, 0o600); err != nil {
		t.Fatal(err)
	}
	p.servingCA.AppendCertsFromPEM(servingCert)
	p.servingPEM = servingCert

	caKey := newKey(t)
	caTmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "envtest-client-ca"}, IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER := signCert(t, caTmpl, caTmpl, caKey.Public(), caKey)
	writePEM(t, filepath.Join(dir, "client-cert-auth-ca.crt"), "CERTIFICATE", caDER)
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	adminKey := newKey(t)
	adminTmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "admin", Organization: []string{"system:masters"}}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	p.adminCert = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: signCert(t, adminTmpl, ca, adminKey.Public(), caKey)})
	p.adminKey = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(adminKey)})

	saKey := newKey(t)
	writePEM(t, filepath.Join(dir, "sa-signer.key"), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(saKey))
	saTmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "sa-signer"}, IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	writePEM(t, filepath.Join(dir, "sa-signer.crt"), "CERTIFICATE", signCert(t, saTmpl, saTmpl, saKey.Public(), saKey))
	return p
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// envtestArgs is controller-runtime v0.25 envtest's kube-apiserver command line (design.md §4).
func envtestArgs(dir, mode, etcdURL string, port int) []string {
	p := strconv.Itoa(port)
	return []string{
		"--allow-privileged=true",
		"--authorization-mode=" + mode,
		"--bind-address=127.0.0.1",
		"--cert-dir=" + dir,
		"--client-ca-file=" + filepath.Join(dir, "client-cert-auth-ca.crt"),
		"--disable-admission-plugins=ServiceAccount",
		"--etcd-servers=" + etcdURL,
		"--secure-port=" + p,
		"--service-account-issuer=https://127.0.0.1:" + p + "/",
		"--service-account-key-file=" + filepath.Join(dir, "sa-signer.crt"),
		"--service-account-signing-key-file=" + filepath.Join(dir, "sa-signer.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
	}
}

func TestHelpListsEnvtestFlags(t *testing.T) {
	cmd := app.NewCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, arg := range envtestArgs("/d", "RBAC", "http://127.0.0.1:2379", 6443) {
		flag := strings.SplitN(arg, "=", 2)[0]
		if !strings.Contains(out.String(), "      "+flag+" ") {
			t.Errorf("--help does not list %s", flag)
		}
	}
}

func TestStartsWithEnvtestCommandLine(t *testing.T) {
	dir := t.TempDir()
	// envtest passes no --data-dir: kapi keeps its generated files under the working directory.
	t.Chdir(dir)
	certDir := filepath.Join(dir, "certs")
	if err := os.Mkdir(certDir, 0o700); err != nil {
		t.Fatal(err)
	}
	pki := writeEnvtestPKI(t, certDir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	etcd, err := embeddedetcd.Start(ctx, embeddedetcd.Config{DataDir: filepath.Join(dir, "etcd"), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer etcd.Stop()

	mode := kapiauthorizer.ModeAlwaysAllow
	if kapiauthorizer.Modes.Has("RBAC") {
		mode = "RBAC"
	}
	t.Logf("authorization mode %s", mode)
	port := freePort(t)
	o := options.NewOptions(kapiserver.KnownControllers())
	fs := pflag.NewFlagSet("kapi", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse(envtestArgs(certDir, mode, etcd.ClientURLs()[0], port)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx, o) }()
	defer func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("kapi exited with %v", err)
		}
	}()

	host := "https://127.0.0.1:" + strconv.Itoa(port)
	// envtest polls /healthz without credentials until it answers 200.
	anonymous := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pki.servingCA}}}
	var lastErr error
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		select {
		case err := <-done:
			done <- err
			return false, err
		default:
		}
		resp, err := anonymous.Get(host + "/healthz")
		if err != nil {
			lastErr = err
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("kapi did not become healthy: %v (last error: %v)", err, lastErr)
	}

	admin := kubernetes.NewForConfigOrDie(&rest.Config{Host: host, TLSClientConfig: rest.TLSClientConfig{
		CAData: pki.servingPEM, CertData: pki.adminCert, KeyData: pki.adminKey,
	}})
	user, err := whoami(admin)
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "admin" || !strings.Contains(strings.Join(user.Groups, ","), "system:masters") {
		t.Errorf("envtest admin whoami = %+v, want admin in system:masters", user)
	}

	// The default service account appears, and its tokens carry envtest's issuer.
	err = wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := admin.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("no default service account: %v", err)
	}
	issuer := host + "/"
	tr, err := admin.CoreV1().ServiceAccounts("default").CreateToken(ctx, "default", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tr.Spec.Audiences, ",") != issuer {
		t.Errorf("token audiences = %v, want [%s]", tr.Spec.Audiences, issuer)
	}
	review, err := admin.AuthenticationV1().TokenReviews().Create(ctx, &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: tr.Status.Token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !review.Status.Authenticated || review.Status.User.Username != "system:serviceaccount:default:default" {
		t.Errorf("token review = %+v, want the default service account", review.Status)
	}
	discovery, err := admin.CoreV1().RESTClient().Get().AbsPath("/.well-known/openid-configuration").DoRaw(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(discovery), `"issuer":"`+issuer+`"`) {
		t.Errorf("openid-configuration = %s, want issuer %s", discovery, issuer)
	}

	// Anonymous users reach the health endpoints only; the rest is up to the authorizer.
	wantAnonymous := http.StatusOK
	if mode == "RBAC" {
		wantAnonymous = http.StatusForbidden
	}
	resp, err := anonymous.Get(host + "/api/v1/namespaces")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != wantAnonymous {
		t.Errorf("anonymous GET /api/v1/namespaces under %s = %d, want %d", mode, resp.StatusCode, wantAnonymous)
	}
}
