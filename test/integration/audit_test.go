package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	auditv1 "k8s.io/apiserver/pkg/apis/audit/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// auditPolicy records pods at RequestResponse, namespaces at Request, secrets at Metadata and
// nothing else, so that every level shows in one run.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: None
  resources: [{group: "", resources: ["configmaps"]}]
- level: RequestResponse
  resources: [{group: "", resources: ["pods"]}]
- level: Request
  resources: [{group: "", resources: ["namespaces"]}]
  verbs: ["create"]
- level: Metadata
  resources: [{group: "", resources: ["secrets"]}]
- level: None
`

// TestAudit runs kapi with an audit policy, the log backend and a webhook backend written here, and
// finds in both the events kube-apiserver would record: one per stage, at each rule's level, with the
// impersonated user, the object reference and the authorization and admission annotations.
func TestAudit(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.yaml")
	logPath := filepath.Join(dir, "audit.log")
	if err := os.WriteFile(policy, []byte(auditPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	webhook := &auditWebhook{}
	webhookConfig := filepath.Join(dir, "webhook.kubeconfig")
	if err := os.WriteFile(webhookConfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: audit, cluster: {server: %q}}]
users: [{name: kapi, user: {}}]
contexts: [{name: audit, context: {cluster: audit, user: kapi}}]
current-context: audit
`, webhook.start(t))), 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := testserver.Start(context.Background(), testserver.Options{Args: []string{
		"--audit-policy-file=" + policy,
		"--audit-log-path=" + logPath,
		"--audit-webhook-config-file=" + webhookConfig,
		"--audit-webhook-mode=blocking",
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })

	ctx := context.Background()
	alice := kubernetes.NewForConfigOrDie(as(s.ClientConfig, "alice", "system:masters"))
	ns := "audited"
	if _, err := alice.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		_, err := alice.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	if _, err := alice.CoreV1().Pods(ns).Create(ctx, simplePod("audited-pod", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "audited-secret"}, StringData: map[string]string{"k": "v"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "unaudited"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	for backend, events := range map[string]func() []auditv1.Event{
		"log":     func() []auditv1.Event { return readAuditLog(t, logPath) },
		"webhook": webhook.received,
	} {
		t.Run(backend, func(t *testing.T) {
			var byResource map[string][]auditv1.Event
			eventually(t, func() error {
				byResource = aliceEvents(events())
				if n := len(byResource["secrets"]); n < 2 {
					return fmt.Errorf("%d events for the secret create, want 2", n)
				}
				return nil
			})
			if got := byResource["configmaps"]; len(got) != 0 {
				t.Errorf("the None rule recorded %d configmap events", len(got))
			}
			for _, want := range []struct {
				resource, name string
				level          auditv1.Level
				request        bool
				response       bool
			}{
				{"pods", "audited-pod", auditv1.LevelRequestResponse, true, true},
				{"namespaces", ns, auditv1.LevelRequest, true, false},
				{"secrets", "audited-secret", auditv1.LevelMetadata, false, false},
			} {
				got := byResource[want.resource]
				if len(got) != 2 || got[0].Stage != auditv1.StageRequestReceived || got[1].Stage != auditv1.StageResponseComplete {
					t.Errorf("%s: stages %v, want RequestReceived then ResponseComplete", want.resource, stages(got))
					continue
				}
				e := got[1]
				if e.Level != want.level || e.Verb != "create" || e.ObjectRef == nil || e.ObjectRef.Name != want.name || e.ResponseStatus == nil || e.ResponseStatus.Code != http.StatusCreated {
					t.Errorf("%s: level %s, verb %s, objectRef %+v, status %+v", want.resource, e.Level, e.Verb, e.ObjectRef, e.ResponseStatus)
				}
				if (e.RequestObject != nil) != want.request || (e.ResponseObject != nil) != want.response {
					t.Errorf("%s at %s: request object recorded %v, response object recorded %v", want.resource, e.Level, e.RequestObject != nil, e.ResponseObject != nil)
				}
				if e.Annotations["authorization.k8s.io/decision"] != "allow" {
					t.Errorf("%s: annotations %v, want authorization.k8s.io/decision=allow", want.resource, e.Annotations)
				}
			}
			if pod := byResource["pods"]; len(pod) == 2 && pod[1].Annotations["pod-security.kubernetes.io/enforce-policy"] == "" {
				t.Errorf("pod create annotations %v lack PodSecurity's enforce-policy", pod[1].Annotations)
			}
		})
	}
}

// TestAuditFlagErrors checks that bad audit flags stop kapi with kube-apiserver's errors.
func TestAuditFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--audit-log-path=" + filepath.Join(t.TempDir(), "a.log"), "--audit-log-format=xml"}, "invalid audit log format xml"},
		{[]string{"--audit-log-path=" + filepath.Join(t.TempDir(), "a.log"), "--audit-log-mode=sometimes"}, "invalid audit log mode sometimes"},
		{[]string{"--audit-policy-file=" + filepath.Join(t.TempDir(), "missing.yaml")}, "--audit-policy-file"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			expectStartError(t, tt.args, tt.want)
		})
	}
}

// aliceEvents are the events of requests alice made, by resource, in the order they arrived. The
// RequestReceived stage is recorded before impersonation is known, so alice's requests are found by
// the audit IDs of their later stages.
func aliceEvents(events []auditv1.Event) map[string][]auditv1.Event {
	alice := map[string]bool{}
	for _, e := range events {
		if e.ImpersonatedUser != nil && e.ImpersonatedUser.Username == "alice" {
			alice[string(e.AuditID)] = true
		}
	}
	out := map[string][]auditv1.Event{}
	for _, e := range events {
		if alice[string(e.AuditID)] && e.ObjectRef != nil {
			out[e.ObjectRef.Resource] = append(out[e.ObjectRef.Resource], e)
		}
	}
	return out
}

func stages(events []auditv1.Event) []auditv1.Stage {
	var out []auditv1.Stage
	for _, e := range events {
		out = append(out, e.Stage)
	}
	return out
}

// readAuditLog reads the JSON lines of the log backend.
func readAuditLog(t *testing.T, path string) []auditv1.Event {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var events []auditv1.Event
	lines := bufio.NewScanner(f)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var e auditv1.Event
		if err := json.Unmarshal(lines.Bytes(), &e); err != nil {
			t.Fatalf("audit log line %q: %v", lines.Text(), err)
		}
		events = append(events, e)
	}
	return events
}

// auditWebhook is an audit webhook backend that keeps every EventList it is sent.
type auditWebhook struct {
	mu     sync.Mutex
	events []auditv1.Event
}

func (w *auditWebhook) start(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var list auditv1.EventList
		if err == nil {
			err = json.Unmarshal(body, &list)
		}
		if err != nil || list.Kind != "EventList" {
			http.Error(rw, fmt.Sprintf("not an EventList: %v", err), http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		w.events = append(w.events, list.Items...)
		w.mu.Unlock()
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + l.Addr().String()
}

func (w *auditWebhook) received() []auditv1.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]auditv1.Event(nil), w.events...)
}
