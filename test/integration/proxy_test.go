package integration

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"github.com/kapi-dev/kapi/pkg/testserver"
)

// proxyBackend is a pod's, service's or node's plain HTTP server on 127.0.0.1. It answers with the
// request it got, redirects /redirect to /secret, echoes the bytes of an upgraded connection, and
// never answers an upgrade of /hang.
type proxyBackend struct {
	*httptest.Server

	mu      sync.Mutex
	headers []http.Header
	secret  bool
}

func startProxyBackend(t *testing.T) *proxyBackend {
	t.Helper()
	b := &proxyBackend{}
	hung := make(chan struct{})
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b.mu.Lock()
		b.headers = append(b.headers, req.Header.Clone())
		if req.URL.Path == "/secret" {
			b.secret = true
		}
		b.mu.Unlock()
		switch {
		case strings.EqualFold(req.Header.Get("Connection"), "upgrade"):
			conn, rw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			if req.URL.Path == "/hang" {
				<-hung
				return
			}
			fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: %s\r\nConnection: Upgrade\r\n\r\n", req.Header.Get("Upgrade"))
			_ = rw.Flush()
			_, _ = io.Copy(conn, rw)
		case req.URL.Path == "/redirect":
			http.Redirect(w, req, "/secret", http.StatusFound)
		default:
			fmt.Fprintf(w, "backend %s %s", req.Method, req.URL.RequestURI())
		}
	}))
	t.Cleanup(func() {
		close(hung)
		b.Close()
	})
	return b
}

func (b *proxyBackend) port(t *testing.T) int32 {
	t.Helper()
	return int32(b.Listener.Addr().(*net.TCPAddr).Port)
}

func (b *proxyBackend) lastHeaders(t *testing.T) http.Header {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.headers) == 0 {
		t.Fatal("the backend received no request")
	}
	return b.headers[len(b.headers)-1]
}

// podAt creates a pod whose IP is ip and whose first container port is port.
func podAt(t *testing.T, client kubernetes.Interface, ns, name, ip string, port int32) {
	t.Helper()
	ctx := context.Background()
	p := simplePod(name, "nginx")
	p.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: port}}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	status := fmt.Sprintf(`{"status":{"podIP":%q,"podIPs":[{"ip":%q}]}}`, ip, ip)
	if _, err := client.CoreV1().Pods(ns).Patch(ctx, name, types.StrategicMergePatchType, []byte(status), metav1.PatchOptions{}, "status"); err != nil {
		t.Fatal(err)
	}
}

// serviceTo creates a service without selector whose port "http" (80) has the given Endpoints
// address; target names the pod the address belongs to, or nothing.
func serviceTo(t *testing.T, client kubernetes.Interface, ns, name, ip, target string, port int32) {
	t.Helper()
	ctx := context.Background()
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(port)}}},
	}
	if _, err := client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	addr := corev1.EndpointAddress{IP: ip}
	if target != "" {
		addr.TargetRef = &corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: target}
	}
	eps := &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Subsets:    []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{addr}, Ports: []corev1.EndpointPort{{Name: "http", Port: port}}}},
	}
	if _, err := client.CoreV1().Endpoints(ns).Create(ctx, eps, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// rawUpgrade sends an upgrade request for path to kapi over TLS with config's client certificate
// and returns the status line of the answer and the connection, closed when the test ends.
func rawUpgrade(t *testing.T, config *rest.Config, path string) (string, net.Conn, *bufio.Reader) {
	t.Helper()
	tlsConfig, err := rest.TLSConfigFor(config)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(config.Host, "https://")
	conn, err := tls.Dial("tcp", host, tlsConfig)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	// Only a broken server would need this long; the test fails instead of hanging.
	if err := conn.SetDeadline(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", path, host)
	r := bufio.NewReader(conn)
	status, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(status), conn, r
}

// proxyPodIP is the IP of TestProxySubresources' pod, from TEST-NET-1.
const proxyPodIP = "192.0.2.10"

func TestProxySubresources(t *testing.T) {
	tokens := filepath.Join(t.TempDir(), "tokens.csv")
	if err := os.WriteFile(tokens, []byte("proxy-token,proxy-admin,proxy-admin-uid,system:masters\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The backends listen on 127.0.0.1, which the real address filter refuses
	// (TestProxyRefusesLocalAddresses) and Endpoints may not name: the pod and its endpoint have a
	// documentation address that kapi's proxy dials on 127.0.0.1.
	dialer := &net.Dialer{}
	s, err := testserver.Start(context.Background(), testserver.Options{
		Args:               []string{"--token-auth-file=" + tokens, "--kubelet-timeout=2s"},
		ProxyAddressFilter: proxyaddress.AllowAll,
		ProxyDial: func(ctx context.Context, network, address string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, strings.Replace(address, proxyPodIP, "127.0.0.1", 1))
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	const ns = "proxy-subresources"
	createNamespace(t, client, ns)
	kubelet := startKubeletAPI(t)
	backend := startProxyBackend(t)
	bport := strconv.Itoa(int(backend.port(t)))
	kubeletNode(t, client, "proxy-n1", "127.0.0.1", kubelet.port(t))
	podAt(t, client, ns, "web", proxyPodIP, backend.port(t))
	serviceTo(t, client, ns, "web", proxyPodIP, "web", backend.port(t))
	serviceTo(t, client, ns, "handwritten", proxyPodIP, "", backend.port(t))

	t.Run("forwards every method, path and query", func(t *testing.T) {
		for _, tc := range []struct{ method, path, want string }{
			{http.MethodGet, "/api/v1/nodes/proxy-n1/proxy/healthz", "kubelet GET /healthz"},
			{http.MethodGet, "/api/v1/nodes/proxy-n1/proxy/", "kubelet GET /"},
			{http.MethodPost, "/api/v1/nodes/proxy-n1/proxy/pods?x=1", "kubelet POST /pods?x=1"},
			{http.MethodGet, "/api/v1/nodes/https:proxy-n1:" + strconv.Itoa(int(kubelet.port(t))) + "/proxy/metrics", "kubelet GET /metrics"},
			{http.MethodPut, "/api/v1/nodes/http:proxy-n1:" + bport + "/proxy/other", "backend PUT /other"},
			{http.MethodGet, "/api/v1/namespaces/proxy-subresources/pods/web/proxy/hello?a=b", "backend GET /hello?a=b"},
			{http.MethodDelete, "/api/v1/namespaces/proxy-subresources/pods/web:" + bport + "/proxy/hello/", "backend DELETE /hello/"},
			{http.MethodPatch, "/api/v1/namespaces/proxy-subresources/pods/http:web:" + bport + "/proxy/p", "backend PATCH /p"},
			{http.MethodGet, "/api/v1/namespaces/proxy-subresources/services/web:http/proxy/hello", "backend GET /hello"},
			{http.MethodGet, "/api/v1/namespaces/proxy-subresources/services/web:80/proxy/by-number", "backend GET /by-number"},
			{http.MethodPost, "/api/v1/namespaces/proxy-subresources/services/http:web:http/proxy/x", "backend POST /x"},
		} {
			code, body := sendRaw(t, s.ClientConfig, tc.method, tc.path, "", nil)
			if code != http.StatusOK || string(body) != tc.want {
				t.Errorf("%s %s: %d %q, want 200 %q", tc.method, tc.path, code, body, tc.want)
			}
		}
		raw, err := client.CoreV1().RESTClient().Get().AbsPath("/api/v1/nodes/proxy-n1/proxy/healthz").DoRaw(context.Background())
		if err != nil || string(raw) != "kubelet GET /healthz" {
			t.Errorf("get --raw nodes/proxy/healthz: %q, %v", raw, err)
		}
	})

	t.Run("answers as upstream when there is no backend", func(t *testing.T) {
		for _, tc := range []struct {
			path    string
			code    int
			message string
		}{
			{"/api/v1/nodes/missing/proxy/", http.StatusNotFound, `nodes \"missing\" not found`},
			{"/api/v1/namespaces/proxy-subresources/pods/missing/proxy/", http.StatusNotFound, `pods \"missing\" not found`},
			{"/api/v1/namespaces/proxy-subresources/services/web:8080/proxy/", http.StatusServiceUnavailable, `no service port 8080 found for service \"web\"`},
			{"/api/v1/namespaces/proxy-subresources/services/web:other/proxy/", http.StatusServiceUnavailable, `no endpoints available for service \"web:other\"`},
			// Endpoints that do not name a pod with the address could send the proxy anywhere.
			{"/api/v1/namespaces/proxy-subresources/services/handwritten:http/proxy/", http.StatusServiceUnavailable, `no endpoints available for service \"handwritten:http\"`},
			{"/api/v1/namespaces/proxy-subresources/pods/a:b:c:d/proxy/", http.StatusBadRequest, `invalid pod request \"a:b:c:d\"`},
		} {
			code, body := sendRaw(t, s.ClientConfig, http.MethodGet, tc.path, "", nil)
			if code != tc.code || !strings.Contains(string(body), tc.message) {
				t.Errorf("%s: %d %s, want %d with %q", tc.path, code, body, tc.code, tc.message)
			}
		}
	})

	t.Run("strips the caller's credentials", func(t *testing.T) {
		token := rest.AnonymousClientConfig(s.ClientConfig)
		token.BearerToken = "proxy-token"
		for _, config := range []*rest.Config{token, as(s.ClientConfig, "proxy-someone", "system:masters")} {
			code, body := sendRaw(t, config, http.MethodGet, "/api/v1/namespaces/proxy-subresources/pods/web/proxy/creds", "", nil)
			if code != http.StatusOK {
				t.Fatalf("%d %s", code, body)
			}
			h := backend.lastHeaders(t)
			for _, name := range []string{"Authorization", "Impersonate-User", "Impersonate-Group"} {
				if v := h.Get(name); v != "" {
					t.Errorf("the backend got %s: %q", name, v)
				}
			}
		}
	})

	t.Run("does not follow redirects", func(t *testing.T) {
		httpClient, err := rest.HTTPClientFor(s.ClientConfig)
		if err != nil {
			t.Fatal(err)
		}
		httpClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := httpClient.Get(s.ClientConfig.Host + "/api/v1/namespaces/proxy-subresources/pods/web/proxy/redirect")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/api/v1/namespaces/proxy-subresources/pods/web/proxy/secret" {
			t.Errorf("redirect: %d to %q, want 302 to the proxy path", resp.StatusCode, resp.Header.Get("Location"))
		}
		backend.mu.Lock()
		defer backend.mu.Unlock()
		if backend.secret {
			t.Error("kapi followed the backend's redirect")
		}
	})

	t.Run("passes upgrades through", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/namespaces/proxy-subresources/pods/web/proxy/ws",
			"/api/v1/namespaces/proxy-subresources/services/web:http/proxy/ws",
			"/api/v1/nodes/http:proxy-n1:" + bport + "/proxy/ws",
		} {
			status, conn, r := rawUpgrade(t, s.ClientConfig, path)
			if !strings.Contains(status, "101") {
				t.Errorf("%s: %q, want 101 Switching Protocols", path, status)
				continue
			}
			for line, err := r.ReadString('\n'); line != "\r\n"; line, err = r.ReadString('\n') {
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := io.WriteString(conn, "ping"); err != nil {
				t.Fatal(err)
			}
			echo := make([]byte, 4)
			if _, err := io.ReadFull(r, echo); err != nil || string(echo) != "ping" {
				t.Errorf("%s: echo %q, %v", path, echo, err)
			}
		}
	})

	t.Run("bounds upgrade handshakes", func(t *testing.T) {
		status, _, _ := rawUpgrade(t, s.ClientConfig, "/api/v1/namespaces/proxy-subresources/pods/web/proxy/hang")
		if !strings.Contains(status, "500") {
			t.Errorf("a backend that never answers the upgrade: %q, want 500", status)
		}
	})
}

func TestProxyRefusesLocalAddresses(t *testing.T) {
	client := jsonClient(t)
	const ns = "proxy-refused"
	createNamespace(t, client, ns)
	backend := startProxyBackend(t)
	for i, ip := range []string{"127.0.0.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0"} {
		name := "proxy-refused-" + strconv.Itoa(i)
		kubeletNode(t, client, name, ip, backend.port(t))
		podAt(t, client, ns, name, ip, backend.port(t))
		for _, path := range []string{
			"/api/v1/nodes/" + name + "/proxy/healthz",
			"/api/v1/nodes/http:" + name + ":" + strconv.Itoa(int(backend.port(t))) + "/proxy/",
			"/api/v1/namespaces/proxy-refused/pods/" + name + "/proxy/",
		} {
			code, body := sendRaw(t, server.ClientConfig, http.MethodGet, path, "", nil)
			if code != http.StatusBadRequest || !strings.Contains(string(body), `"message":"address not allowed"`) {
				t.Errorf("%s (%s): %d %s, want 400 address not allowed", path, ip, code, body)
			}
		}
	}
	// Services need no case of their own: Endpoints validation refuses these addresses, and an
	// endpoint must be the address of a pod.
	backend.mu.Lock()
	defer backend.mu.Unlock()
	if len(backend.headers) != 0 {
		t.Errorf("the backend on 127.0.0.1 was reached %d times", len(backend.headers))
	}
}
