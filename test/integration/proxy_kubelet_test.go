package integration

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	clientscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"
	"k8s.io/streaming/pkg/httpstream"
	"k8s.io/streaming/pkg/httpstream/spdy"
)

// kubeletAPI is a kubelet's HTTPS API on 127.0.0.1, as kwok's is: it answers container logs with
// the path and query it was asked, runs exec and attach sessions over SPDY by echoing stdin, and
// answers any other path with the request.
type kubeletAPI struct {
	*httptest.Server

	mu sync.Mutex
	// seen are the requests received, path and query.
	seen []*http.Request
}

func startKubeletAPI(t *testing.T) *kubeletAPI {
	t.Helper()
	k := &kubeletAPI{}
	mux := http.NewServeMux()
	mux.HandleFunc("/containerLogs/", func(w http.ResponseWriter, req *http.Request) {
		k.record(req)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "log %s?%s\n", req.URL.Path, req.URL.RawQuery)
	})
	for _, path := range []string{"/exec/", "/attach/"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, req *http.Request) {
			k.record(req)
			serveEcho(w, req)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		k.record(req)
		fmt.Fprintf(w, "kubelet %s %s", req.Method, req.URL.RequestURI())
	})
	k.Server = httptest.NewTLSServer(mux)
	t.Cleanup(k.Close)
	return k
}

func (k *kubeletAPI) record(req *http.Request) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.seen = append(k.seen, req)
}

// lastRequest returns the last request the kubelet received.
func (k *kubeletAPI) lastRequest(t *testing.T) *http.Request {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.seen) == 0 {
		t.Fatal("the kubelet received no request")
	}
	return k.seen[len(k.seen)-1]
}

func (k *kubeletAPI) port(t *testing.T) int32 {
	t.Helper()
	_, port, err := net.SplitHostPort(k.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	return int32(n)
}

// serveEcho is the kubelet's side of an exec session over SPDY (v4.channel.k8s.io): it answers with
// the command it ran and what it read from stdin, then ends the session successfully and waits for
// the client to hang up, as a kubelet does: closing first, with the client's last frames unread,
// would reset the connection and lose the answer still on its way.
func serveEcho(w http.ResponseWriter, req *http.Request) {
	if _, err := httpstream.Handshake(req, w, []string{"v4.channel.k8s.io"}); err != nil {
		return
	}
	type opened struct {
		stream    httpstream.Stream
		replySent <-chan struct{}
	}
	streams := make(chan opened, 8)
	conn := spdy.NewResponseUpgrader().UpgradeResponse(w, req, func(s httpstream.Stream, replySent <-chan struct{}) error {
		streams <- opened{s, replySent}
		return nil
	})
	if conn == nil {
		return
	}
	defer conn.Close()
	byType := map[string]httpstream.Stream{}
	for len(byType) < 3 {
		select {
		case o := <-streams:
			<-o.replySent
			byType[o.stream.Headers().Get(corev1.StreamType)] = o.stream
		case <-time.After(30 * time.Second):
			return
		}
	}
	stdin, err := io.ReadAll(byType[corev1.StreamTypeStdin])
	if err != nil {
		return
	}
	fmt.Fprintf(byType[corev1.StreamTypeStdout], "%s ran %v: %s", req.URL.Path, req.URL.Query()["command"], stdin)
	_ = byType[corev1.StreamTypeStdout].Close()
	_ = byType[corev1.StreamTypeError].Close()
	select {
	case <-conn.CloseChan():
	case <-time.After(30 * time.Second):
	}
}

// kubeletNode creates a node whose kubelet listens on 127.0.0.1:port.
func kubeletNode(t *testing.T, client kubernetes.Interface, name, address string, port int32) {
	t.Helper()
	ctx := context.Background()
	if _, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	// A patch, as a kubelet posts its status, does not conflict with the node lifecycle controller's
	// writes.
	status := fmt.Sprintf(`{"status":{"addresses":[{"type":"InternalIP","address":%q}],"daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}`, address, port)
	if _, err := client.CoreV1().Nodes().Patch(ctx, name, types.StrategicMergePatchType, []byte(status), metav1.PatchOptions{}, "status"); err != nil {
		t.Fatal(err)
	}
}

// podOn creates a pod with one container "main" on node.
func podOn(t *testing.T, client kubernetes.Interface, ns, name, node string) {
	t.Helper()
	p := simplePod(name, "busybox")
	p.Spec.NodeName = node
	if _, err := client.CoreV1().Pods(ns).Create(context.Background(), p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int32 {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return int32(port)
}

// kubeletPods creates namespace ns with three pods of one container "main": app on a node whose
// kubelet it returns, unscheduled on none, and stranded on a node whose kubelet does not listen.
func kubeletPods(t *testing.T, client kubernetes.Interface, ns string) *kubeletAPI {
	t.Helper()
	createNamespace(t, client, ns)
	kubelet := startKubeletAPI(t)
	kubeletNode(t, client, ns+"-node", "127.0.0.1", kubelet.port(t))
	kubeletNode(t, client, ns+"-down", "127.0.0.1", closedPort(t))
	podOn(t, client, ns, "app", ns+"-node")
	podOn(t, client, ns, "unscheduled", "")
	podOn(t, client, ns, "stranded", ns+"-down")
	return kubelet
}

func TestPodLogs(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "proxy-logs"
	kubeletPods(t, client, ns)

	t.Run("streamed from the kubelet with every option", func(t *testing.T) {
		since := metav1.NewTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		opts := &corev1.PodLogOptions{
			Container: "main", Follow: true, Previous: true, Timestamps: true, SinceTime: &since,
			TailLines: ptr[int64](2), LimitBytes: ptr[int64](100), InsecureSkipTLSVerifyBackend: true,
		}
		body, err := client.CoreV1().Pods(ns).GetLogs("app", opts).DoRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := "log /containerLogs/proxy-logs/app/main?follow=true&limitBytes=100&previous=true&sinceTime=2026-01-02T03%3A04%3A05Z&tailLines=2&timestamps=true\n"
		if string(body) != want {
			t.Errorf("log = %q, want %q", body, want)
		}
		body, err = client.CoreV1().Pods(ns).GetLogs("app", &corev1.PodLogOptions{SinceSeconds: ptr[int64](10), Stream: ptr(corev1.LogStreamStderr)}).DoRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := "log /containerLogs/proxy-logs/app/main?sinceSeconds=10&stream=Stderr\n"; string(body) != want {
			t.Errorf("log = %q, want %q: the only container is the default", body, want)
		}
	})

	t.Run("answers as upstream for pods it cannot read", func(t *testing.T) {
		for _, tc := range []struct {
			name, path string
			code       int
			message    string
		}{
			{"unscheduled pod", "/api/v1/namespaces/proxy-logs/pods/unscheduled/log", http.StatusNoContent, ""},
			{"unknown container", "/api/v1/namespaces/proxy-logs/pods/app/log?container=nope", http.StatusBadRequest, "container nope is not valid for pod app"},
			{"missing pod", "/api/v1/namespaces/proxy-logs/pods/missing/log", http.StatusNotFound, `pods \"missing\" not found`},
			{"negative tailLines", "/api/v1/namespaces/proxy-logs/pods/app/log?tailLines=-1", http.StatusUnprocessableEntity, "tailLines: Invalid value: -1: must be greater than or equal to 0"},
			{"both since options", "/api/v1/namespaces/proxy-logs/pods/app/log?sinceSeconds=1&sinceTime=2026-01-02T03:04:05Z", http.StatusUnprocessableEntity, "at most one of `sinceTime` or `sinceSeconds` may be specified"},
			{"kubelet unreachable", "/api/v1/namespaces/proxy-logs/pods/stranded/log", http.StatusInternalServerError, "connection refused"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, body := sendRaw(t, server.ClientConfig, http.MethodGet, tc.path, "", nil)
				if code != tc.code || !strings.Contains(string(body), tc.message) {
					t.Errorf("%d %s, want %d with %q", code, body, tc.code, tc.message)
				}
				if tc.code >= 400 && !strings.Contains(string(body), `"kind":"Status"`) {
					t.Errorf("body %s is not a Status", body)
				}
			})
		}
	})

	t.Run("needs get on pods/log", func(t *testing.T) {
		err := impersonating(t, "proxy-logs-nobody").CoreV1().Pods(ns).GetLogs("app", &corev1.PodLogOptions{}).Do(ctx).Error()
		if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), `cannot get resource "pods/log"`) {
			t.Errorf("logs without permission: %v, want 403 on get pods/log", err)
		}
	})
}

func TestPodExec(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "proxy-exec"
	kubelet := kubeletPods(t, client, ns)

	execURL := func(pod string) *url.URL {
		return client.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name(pod).SubResource("exec").
			VersionedParams(&corev1.PodExecOptions{Command: []string{"cat", "-"}, Stdin: true, Stdout: true}, clientscheme.ParameterCodec).URL()
	}
	spdyExec := func(pod string) (remotecommand.Executor, error) {
		return remotecommand.NewSPDYExecutor(rest.CopyConfig(server.ClientConfig), http.MethodPost, execURL(pod))
	}
	webSocketExec := func(pod string) (remotecommand.Executor, error) {
		return remotecommand.NewWebSocketExecutor(rest.CopyConfig(server.ClientConfig), http.MethodGet, execURL(pod).String())
	}
	for name, newExecutor := range map[string]func(string) (remotecommand.Executor, error){"SPDY": spdyExec, "WebSocket": webSocketExec} {
		t.Run(name, func(t *testing.T) {
			exec, err := newExecutor("app")
			if err != nil {
				t.Fatal(err)
			}
			var stdout bytes.Buffer
			err = exec.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader("hello kubelet"), Stdout: &stdout})
			if err != nil {
				t.Fatal(err)
			}
			if want := "/exec/proxy-exec/app/main ran [cat -]: hello kubelet"; stdout.String() != want {
				t.Errorf("stdout = %q, want %q", stdout.String(), want)
			}
			if q := kubelet.lastRequest(t).URL.Query(); q.Get("input") != "1" || q.Get("output") != "1" || q.Has("error") || q.Has("tty") {
				t.Errorf("kubelet asked with %v, want input=1&output=1", q)
			}

			for pod, want := range map[string]string{"unscheduled": "pod unscheduled does not have a host assigned", "stranded": "connection refused"} {
				exec, err := newExecutor(pod)
				if err != nil {
					t.Fatal(err)
				}
				err = exec.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader("x"), Stdout: io.Discard})
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("exec in %s: %v, want an error with %q", pod, err, want)
				}
			}
		})
	}

	t.Run("attach", func(t *testing.T) {
		u := client.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name("app").SubResource("attach").
			VersionedParams(&corev1.PodAttachOptions{Stdin: true, Stdout: true}, clientscheme.ParameterCodec).URL()
		attach, err := remotecommand.NewSPDYExecutor(rest.CopyConfig(server.ClientConfig), http.MethodPost, u)
		if err != nil {
			t.Fatal(err)
		}
		var stdout bytes.Buffer
		if err := attach.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader("typed"), Stdout: &stdout}); err != nil {
			t.Fatal(err)
		}
		if want := "/attach/proxy-exec/app/main ran []: typed"; stdout.String() != want {
			t.Errorf("stdout = %q, want %q", stdout.String(), want)
		}
	})

	t.Run("WebSocket needs create as well as get", func(t *testing.T) {
		for user, verbs := range map[string][]string{"proxy-exec-reader": {"get"}, "proxy-exec-writer": {"get", "create"}} {
			role := &rbacv1.Role{
				ObjectMeta: metav1.ObjectMeta{Name: user},
				Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods/exec"}, Verbs: verbs}},
			}
			if _, err := client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: user}, RoleRef: bindingTo("Role", user), Subjects: []rbacv1.Subject{userSubject(user)}}
			if _, err := client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		run := func(user string) error {
			exec, err := remotecommand.NewWebSocketExecutor(as(server.ClientConfig, user), http.MethodGet, execURL("app").String())
			if err != nil {
				return err
			}
			return exec.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader("x"), Stdout: io.Discard})
		}
		eventually(t, func() error { return run("proxy-exec-writer") })
		err := run("proxy-exec-reader")
		if err == nil || !strings.Contains(err.Error(), `cannot create resource "pods/exec"`) {
			t.Errorf("WebSocket exec with get only: %v, want 403 on create pods/exec", err)
		}
	})

	t.Run("needs create on pods/exec", func(t *testing.T) {
		code, body := sendRaw(t, as(server.ClientConfig, "proxy-exec-nobody"), http.MethodPost, execURL("app").RequestURI(), "", nil)
		if code != http.StatusForbidden || !strings.Contains(string(body), `cannot create resource \"pods/exec\"`) {
			t.Errorf("exec without permission: %d %s, want 403 on create pods/exec", code, body)
		}
	})
}

func TestLogsHandler(t *testing.T) {
	if code, body := sendRaw(t, server.ClientConfig, http.MethodGet, "/logs/", "", nil); code != http.StatusOK {
		t.Errorf("/logs/: %d %s, want the listing of /var/log", code, body)
	}
	if code, _ := sendRaw(t, as(server.ClientConfig, "proxy-logs-reader"), http.MethodGet, "/logs/", "", nil); code != http.StatusForbidden {
		t.Errorf("/logs/ without permission: %d, want 403", code)
	}
	off := startServer(t, "--enable-logs-handler=false")
	if code, _ := sendRaw(t, off.ClientConfig, http.MethodGet, "/logs/", "", nil); code != http.StatusNotFound {
		t.Errorf("/logs/ with --enable-logs-handler=false: %d, want 404", code)
	}
}
