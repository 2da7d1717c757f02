package integration

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	clientscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"
)

// traceCollector is an OpenTelemetry collector on 127.0.0.1 that keeps the spans exported to it.
type traceCollector struct {
	coltracepb.UnimplementedTraceServiceServer
	addr string

	mu    sync.Mutex
	spans []*tracepb.Span
}

func startTraceCollector(t *testing.T) *traceCollector {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &traceCollector{addr: l.Addr().String()}
	s := grpc.NewServer()
	coltracepb.RegisterTraceServiceServer(s, c)
	go func() { _ = s.Serve(l) }()
	t.Cleanup(s.Stop)
	return c
}

// Export keeps the spans of an export request.
func (c *traceCollector) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			c.spans = append(c.spans, ss.Spans...)
		}
	}
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// span returns the first span named name whose http.target attribute is target, or nil.
func (c *traceCollector) span(name, target string) *tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.spans {
		if s.Name != name {
			continue
		}
		for _, a := range s.Attributes {
			if a.Key == "http.target" && a.Value.GetStringValue() == target {
				return s
			}
		}
	}
	return nil
}

// spanNames lists the names of the spans received, for failure messages.
func (c *traceCollector) spanNames() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for _, s := range c.spans {
		names = append(names, s.Name)
	}
	return names
}

// tracingConfig is a TracingConfiguration that samples every request and exports to endpoint.
func tracingConfig(t *testing.T, endpoint string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tracing.yaml")
	writeFile(t, path, "apiVersion: apiserver.config.k8s.io/v1\nkind: TracingConfiguration\nendpoint: "+endpoint+"\nsamplingRatePerMillion: 1000000\n")
	return path
}

// TestMiscFlags runs one kapi with the flags that each change one thing a user sees: the kubernetes
// service's node port, the throttle on upgraded connections and request tracing.
func TestMiscFlags(t *testing.T) {
	const bytesPerSec = 8 * 1024
	collector := startTraceCollector(t)
	s := startServer(t,
		"--kubernetes-service-node-port=30443",
		fmt.Sprintf("--max-connection-bytes-per-sec=%d", bytesPerSec),
		"--tracing-config-file="+tracingConfig(t, collector.addr),
	)
	client := kubernetes.NewForConfigOrDie(rest.CopyConfig(s.ClientConfig))
	ctx := context.Background()

	t.Run("kubernetes service node port", func(t *testing.T) {
		var svc *corev1.Service
		eventually(t, func() (err error) {
			svc, err = client.CoreV1().Services(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
			return err
		})
		want := corev1.ServicePort{Name: "https", Protocol: corev1.ProtocolTCP, Port: 443, TargetPort: intstr.FromInt32(serverPort(t, s.ClientConfig.Host)), NodePort: 30443}
		if svc.Spec.Type != corev1.ServiceTypeNodePort || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0] != want {
			t.Errorf("kubernetes service: type %s, ports %+v; want NodePort with %+v", svc.Spec.Type, svc.Spec.Ports, want)
		}
		_, err := client.CoreV1().Services(metav1.NamespaceDefault).Create(ctx, nodePortService("takes-30443", 30443), metav1.CreateOptions{})
		expectInvalidCause(t, err, "spec.ports[0].nodePort", "", "provided port is already allocated")
	})

	t.Run("upgraded connections are throttled", func(t *testing.T) {
		const ns = "throttled-exec"
		kubeletPods(t, client, ns)
		u := client.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name("app").SubResource("exec").
			VersionedParams(&corev1.PodExecOptions{Command: []string{"cat"}, Stdin: true, Stdout: true}, clientscheme.ParameterCodec).URL()
		exec, err := remotecommand.NewSPDYExecutor(rest.CopyConfig(s.ClientConfig), http.MethodPost, u)
		if err != nil {
			t.Fatal(err)
		}
		stdin := strings.Repeat("0123456789abcdef", 3*bytesPerSec/2/16)
		var stdout bytes.Buffer
		start := time.Now()
		if err := exec.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader(stdin), Stdout: &stdout}); err != nil {
			t.Fatal(err)
		}
		elapsed := time.Since(start)
		if want := "/exec/" + ns + "/app/main ran [cat]: " + stdin; stdout.String() != want {
			t.Errorf("stdout has %d bytes, want the %d bytes of stdin echoed", stdout.Len(), len(want))
		}
		// A second and a half's worth of bytes at the limit each way cannot pass in much less than
		// three seconds.
		if elapsed < 2*time.Second {
			t.Errorf("%d bytes of stdin went through in %v, faster than --max-connection-bytes-per-sec=%d allows", len(stdin), elapsed, bytesPerSec)
		}
	})

	t.Run("requests are traced", func(t *testing.T) {
		const target = "/api/v1/namespaces/default/configmaps?limit=7"
		if code, body := sendRaw(t, s.ClientConfig, http.MethodGet, target, "", nil); code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, code, body)
		}
		const name = "GET /api/v1/namespaces/{:namespace}/configmaps"
		// The exporter sends its batch every few seconds.
		err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(context.Context) (bool, error) {
			return collector.span(name, target) != nil, nil
		})
		if err != nil {
			t.Fatalf("no span %q for %s; spans received: %v", name, target, collector.spanNames())
		}
		if span := collector.span(name, target); span.Kind != tracepb.Span_SPAN_KIND_SERVER {
			t.Errorf("span kind = %v, want server", span.Kind)
		}
	})
}
