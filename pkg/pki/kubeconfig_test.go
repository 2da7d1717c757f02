package pki

import (
	"bytes"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	certutil "k8s.io/client-go/util/cert"
)

// newAPIServer serves the client certificate's subject over TLS with the
// serving certificate, requiring client certificates signed by the CA, as
// kube-apiserver does with --client-ca-file.
func newAPIServer(t *testing.T, files Files) *httptest.Server {
	t.Helper()
	serving, err := tls.LoadX509KeyPair(files.ServingCert, files.ServingKey)
	if err != nil {
		t.Fatal(err)
	}
	clientCAs, err := certutil.NewPool(files.CACert)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		subject := r.TLS.PeerCertificates[0].Subject
		io.WriteString(w, subject.CommonName+"/"+strings.Join(subject.Organization, ","))
	}))
	srv.TLS = &tls.Config{
		Certificates: []tls.Certificate{serving},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    clientCAs,
	}
	// Rejected handshakes are expected in the tests; keep them out of the log.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func get(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

func TestTLSHandshake(t *testing.T) {
	files := ensure(t, t.TempDir())
	srv := newAPIServer(t, files)
	roots, err := certutil.NewPool(files.CACert)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := tls.LoadX509KeyPair(files.AdminCert, files.AdminKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// serverName is what the client verifies the serving certificate
		// against; the connection always goes to httptest's 127.0.0.1.
		serverName string
		certs      []tls.Certificate
		roots      bool
		want       string
		wantErr    string
	}{
		{name: "admin over IP", serverName: "127.0.0.1", certs: []tls.Certificate{admin}, roots: true, want: "kubernetes-admin/system:masters"},
		{name: "admin over localhost", serverName: "localhost", certs: []tls.Certificate{admin}, roots: true, want: "kubernetes-admin/system:masters"},
		{name: "server name not in SANs", serverName: "kapi.invalid", certs: []tls.Certificate{admin}, roots: true, wantErr: "certificate is valid for localhost, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, not kapi.invalid"},
		{name: "no client certificate", serverName: "127.0.0.1", roots: true, wantErr: "certificate required"},
		{name: "CA not trusted", serverName: "127.0.0.1", certs: []tls.Certificate{admin}, wantErr: "certificate signed by unknown authority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &tls.Config{Certificates: tt.certs, ServerName: tt.serverName}
			if tt.roots {
				cfg.RootCAs = roots
			}
			transport := &http.Transport{TLSClientConfig: cfg}
			defer transport.CloseIdleConnections()
			got, err := get(&http.Client{Transport: transport}, srv.URL)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("server saw client %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWriteKubeconfig(t *testing.T) {
	dir := t.TempDir()
	files := ensure(t, filepath.Join(dir, "pki"))
	srv := newAPIServer(t, files)
	path := filepath.Join(dir, "nested", "admin.kubeconfig")
	// An existing, more open file must end up 0600 too.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := WriteKubeconfig(path, srv.URL, files.CACert, files.AdminCert, files.AdminKey); err != nil {
		t.Fatalf("WriteKubeconfig: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != 0o600 {
		t.Errorf("kubeconfig mode = %v, want 0600", fi.Mode())
	}

	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatalf("LoadFromFile: %v", err)
	}
	if cfg.CurrentContext != "kapi" {
		t.Errorf("current-context = %q, want kapi", cfg.CurrentContext)
	}
	if len(cfg.Contexts) != 1 || len(cfg.Clusters) != 1 || len(cfg.AuthInfos) != 1 {
		t.Fatalf("kubeconfig has %d contexts, %d clusters, %d users; want one each", len(cfg.Contexts), len(cfg.Clusters), len(cfg.AuthInfos))
	}
	ctx := cfg.Contexts["kapi"]
	if ctx == nil || ctx.Cluster != "kapi" || ctx.AuthInfo != "kapi-admin" {
		t.Fatalf("context kapi = %+v, want cluster kapi and user kapi-admin", ctx)
	}
	cluster := cfg.Clusters["kapi"]
	if cluster.Server != srv.URL || cluster.CertificateAuthority != "" {
		t.Errorf("cluster = server %q, certificate-authority %q; want server %q and embedded data only", cluster.Server, cluster.CertificateAuthority, srv.URL)
	}
	user := cfg.AuthInfos["kapi-admin"]
	if user.ClientCertificate != "" || user.ClientKey != "" {
		t.Errorf("user refers to files %q, %q; want embedded data only", user.ClientCertificate, user.ClientKey)
	}

	restCfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatalf("BuildConfigFromFlags: %v", err)
	}
	if restCfg.Host != srv.URL {
		t.Errorf("rest.Config host = %q, want %q", restCfg.Host, srv.URL)
	}
	for name, pair := range map[string][2]string{
		"CAData":   {string(restCfg.TLSClientConfig.CAData), files.CACert},
		"CertData": {string(restCfg.TLSClientConfig.CertData), files.AdminCert},
		"KeyData":  {string(restCfg.TLSClientConfig.KeyData), files.AdminKey},
	} {
		want, err := os.ReadFile(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(pair[0]), want) {
			t.Errorf("rest.Config %s does not hold %s", name, pair[1])
		}
	}

	client, err := rest.HTTPClientFor(restCfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := get(client, srv.URL)
	if err != nil {
		t.Fatalf("request with kubeconfig credentials: %v", err)
	}
	if want := "kubernetes-admin/system:masters"; got != want {
		t.Errorf("server saw client %q, want %q", got, want)
	}
}

func TestWriteKubeconfigMissingFile(t *testing.T) {
	files := FilesIn(t.TempDir())
	err := WriteKubeconfig(filepath.Join(t.TempDir(), "kubeconfig"), "https://127.0.0.1:6443", files.CACert, files.AdminCert, files.AdminKey)
	if err == nil || !strings.HasPrefix(err.Error(), "reading CA certificate: open "+files.CACert) {
		t.Fatalf("error = %v, want it to name the missing CA file", err)
	}
}
