package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	authorizationv1 "k8s.io/api/authorization/v1"
	authorizationv1beta1 "k8s.io/api/authorization/v1beta1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// authzWebhook is an authorization webhook on 127.0.0.1 that decides by user, answering in the
// version it was asked in, and keeps every review it received.
type authzWebhook struct {
	server  *httptest.Server
	mu      sync.Mutex
	reviews []authorizationv1.SubjectAccessReview
}

// startAuthzWebhook starts an authzWebhook, closed when the test ends.
func startAuthzWebhook(t *testing.T) *authzWebhook {
	t.Helper()
	h := &authzWebhook{}
	h.server = httptest.NewTLSServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.server.Close)
	return h
}

// authzWebhookDecision is the webhook's policy: alice, nora and dan are allowed, bob is denied, and
// the webhook has no opinion about anyone else.
func authzWebhookDecision(user string) authorizationv1.SubjectAccessReviewStatus {
	switch user {
	case "alice", "nora", "dan":
		return authorizationv1.SubjectAccessReviewStatus{Allowed: true}
	case "bob":
		return authorizationv1.SubjectAccessReviewStatus{Denied: true, Reason: "bob is not welcome"}
	default:
		return authorizationv1.SubjectAccessReviewStatus{Reason: "no rule for " + user}
	}
}

// serve records a SubjectAccessReview of v1 or v1beta1, which spells the groups "group", and answers
// with the decision in the same version.
func (h *authzWebhook) serve(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	if _, err := body.ReadFrom(r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var review authorizationv1.SubjectAccessReview
	if err := json.Unmarshal(body.Bytes(), &review); err != nil {
		http.Error(w, "not a SubjectAccessReview", http.StatusBadRequest)
		return
	}
	if review.APIVersion == authorizationv1beta1.SchemeGroupVersion.String() {
		var beta authorizationv1beta1.SubjectAccessReview
		if err := json.Unmarshal(body.Bytes(), &beta); err != nil {
			http.Error(w, "not a SubjectAccessReview", http.StatusBadRequest)
			return
		}
		review.Spec.Groups = beta.Spec.Groups
	}
	h.mu.Lock()
	h.reviews = append(h.reviews, review)
	h.mu.Unlock()
	answer := authorizationv1.SubjectAccessReview{TypeMeta: review.TypeMeta, Status: authzWebhookDecision(review.Spec.User)}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer)
}

// reviewsOf are the reviews the webhook received about user.
func (h *authzWebhook) reviewsOf(user string) []authorizationv1.SubjectAccessReview {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []authorizationv1.SubjectAccessReview
	for _, r := range h.reviews {
		if r.Spec.User == user {
			out = append(out, r)
		}
	}
	return out
}

// kubeconfig writes a kubeconfig that reaches the webhook at server, trusting its certificate.
func (h *authzWebhook) kubeconfig(t *testing.T, dir, name, server string) string {
	t.Helper()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: h.server.Certificate().Raw})
	file := filepath.Join(dir, name+".kubeconfig")
	writeFile(t, file, fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: authz
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: kapi
contexts:
- name: authz
  context: {cluster: authz, user: kapi}
current-context: authz
`, server, base64.StdEncoding.EncodeToString(ca)))
	return file
}

// closedAddress is a loopback address nothing listens on, where a webhook is down.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestAuthorizationWebhook runs kapi with --authorization-mode=RBAC,Webhook and the webhook flags'
// defaults: SubjectAccessReviews of v1beta1 and both answers cached.
func TestAuthorizationWebhook(t *testing.T) {
	ctx := context.Background()
	hook := startAuthzWebhook(t)
	kubeconfig := hook.kubeconfig(t, t.TempDir(), "webhook", hook.server.URL+"/authorize")
	s := startServer(t, "--authorization-mode=RBAC,Webhook", "--authorization-webhook-config-file="+kubeconfig)
	const ns = "authz-webhook"
	client := func(user string) kubernetes.Interface {
		return kubernetes.NewForConfigOrDie(as(s.ClientConfig, user))
	}

	t.Run("the webhook allows alice and receives her review", func(t *testing.T) {
		if _, err := client("alice").CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		want := []authorizationv1.SubjectAccessReview{{
			TypeMeta: metav1.TypeMeta{APIVersion: "authorization.k8s.io/v1beta1", Kind: "SubjectAccessReview"},
			Spec: authorizationv1.SubjectAccessReviewSpec{
				User:               "alice",
				Groups:             []string{"system:authenticated"},
				ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: ns, Verb: "list", Version: "v1", Resource: "pods"},
			},
		}}
		if diff := cmp.Diff(want, hook.reviewsOf("alice")); diff != "" {
			t.Errorf("reviews (-want +got):\n%s", diff)
		}
	})

	t.Run("an allowed answer is cached", func(t *testing.T) {
		if _, err := client("alice").CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := len(hook.reviewsOf("alice")); n != 1 {
			t.Errorf("the webhook received %d reviews of alice's two identical requests, want 1", n)
		}
	})

	t.Run("the webhook denies bob with its reason, cached", func(t *testing.T) {
		for range 2 {
			_, err := client("bob").CoreV1().Pods(ns).Get(ctx, "web", metav1.GetOptions{})
			expectStatus(t, err, http.StatusForbidden, `pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "authz-webhook": bob is not welcome`)
		}
		if n := len(hook.reviewsOf("bob")); n != 1 {
			t.Errorf("the webhook received %d reviews of bob's two identical requests, want 1", n)
		}
	})

	t.Run("the reason of no opinion is prefixed with the authorizer's name", func(t *testing.T) {
		_, err := client("erin").CoreV1().Pods(ns).Get(ctx, "web", metav1.GetOptions{})
		expectStatus(t, err, http.StatusForbidden, `pods "web" is forbidden: User "erin" cannot get resource "pods" in API group "" in the namespace "authz-webhook": webhook: no rule for erin`)
	})

	t.Run("RBAC allows before the webhook is asked", func(t *testing.T) {
		_, err := kubernetes.NewForConfigOrDie(s.ClientConfig).RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "carol-view"},
			RoleRef:    bindingTo("ClusterRole", "view"),
			Subjects:   []rbacv1.Subject{userSubject("carol")},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, func() error {
			_, err := client("carol").CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
			return err
		})
		before := len(hook.reviewsOf("carol"))
		if _, err := client("carol").CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		if after := len(hook.reviewsOf("carol")); after != before {
			t.Errorf("the webhook was asked about a request RBAC allows")
		}
	})

	t.Run("rules reviews are incomplete", func(t *testing.T) {
		review, err := client("alice").AuthorizationV1().SelfSubjectRulesReviews().Create(ctx, &authorizationv1.SelfSubjectRulesReview{
			Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: ns},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !review.Status.Incomplete || review.Status.EvaluationError != "webhook authorizer does not support user rule resolution" {
			t.Errorf("got incomplete=%v, evaluation error %q; want the webhook's incomplete rules", review.Status.Incomplete, review.Status.EvaluationError)
		}
	})
}

// authzConfiguration is the --authorization-config of TestAuthorizationConfig: RBAC, two webhooks
// that are down and only asked about nora or dan, then the policy webhook, which caches nothing and
// skips the unwatched namespace. closed is the configuration's only difference from reloaded.
const authzConfiguration = `apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
- type: RBAC
  name: rbac
- type: Webhook
  name: down-open
  webhook:
    timeout: 3s
    subjectAccessReviewVersion: v1
    matchConditionSubjectAccessReviewVersion: v1
    failurePolicy: NoOpinion
    connectionInfo: {type: KubeConfigFile, kubeConfigFile: %[1]s}
    matchConditions: [{expression: "request.user == 'nora'"}]
%[3]s- type: Webhook
  name: policy
  webhook:
    timeout: 3s
    subjectAccessReviewVersion: v1
    matchConditionSubjectAccessReviewVersion: v1
    failurePolicy: Deny
    cacheAuthorizedRequests: false
    cacheUnauthorizedRequests: false
    connectionInfo: {type: KubeConfigFile, kubeConfigFile: %[2]s}
    matchConditions: [{expression: "!has(request.resourceAttributes) || request.resourceAttributes.namespace != 'unwatched'"}]
`

// authzClosedWebhook is the webhook that denies dan's requests while it is down.
const authzClosedWebhook = `- type: Webhook
  name: down-closed
  webhook:
    timeout: 3s
    subjectAccessReviewVersion: v1
    matchConditionSubjectAccessReviewVersion: v1
    failurePolicy: Deny
    connectionInfo: {type: KubeConfigFile, kubeConfigFile: %s}
    matchConditions: [{expression: "request.user == 'dan'"}]
`

// authzFailedReloads is the metric line counting refused reloads of the authorization configuration.
var authzFailedReloads = regexp.MustCompile(`(?m)^apiserver_authorization_config_controller_automatic_reloads_total\{apiserver_id_hash="[^"]*",status="failure"\} (\d+)$`)

// failedAuthzReloads is the count of refused reloads in kapi's /metrics, summed over the servers of
// the process, which share the metric.
func failedAuthzReloads(t *testing.T, s *testserver.Server) int {
	t.Helper()
	_, metrics := sendRaw(t, s.ClientConfig, "GET", "/metrics", "", nil)
	total := 0
	for _, m := range authzFailedReloads.FindAllSubmatch(metrics, -1) {
		n, err := strconv.Atoi(string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	return total
}

// TestAuthorizationConfig runs kapi with an --authorization-config chain of RBAC and three webhooks,
// then rewrites the file, which kapi reloads.
func TestAuthorizationConfig(t *testing.T) {
	ctx := context.Background()
	hook := startAuthzWebhook(t)
	dir := t.TempDir()
	down := hook.kubeconfig(t, dir, "down", "https://"+closedAddress(t)+"/authorize")
	policy := hook.kubeconfig(t, dir, "policy", hook.server.URL+"/authorize")
	config := filepath.Join(dir, "authz.yaml")
	writeFile(t, config, fmt.Sprintf(authzConfiguration, down, policy, fmt.Sprintf(authzClosedWebhook, down)))
	s := startServer(t, "--authorization-config="+config)
	client := func(user string) kubernetes.Interface {
		return kubernetes.NewForConfigOrDie(as(s.ClientConfig, user))
	}
	listPods := func(user string) (int, string) {
		code, body := sendRaw(t, as(s.ClientConfig, user), "GET", "/api/v1/namespaces/watched/pods", "", nil)
		return code, string(body)
	}

	t.Run("the webhook receives v1 reviews and names its reasons", func(t *testing.T) {
		_, err := client("erin").CoreV1().Pods("watched").List(ctx, metav1.ListOptions{})
		expectStatus(t, err, http.StatusForbidden, `pods is forbidden: User "erin" cannot list resource "pods" in API group "" in the namespace "watched": policy: no rule for erin`)
		reviews := hook.reviewsOf("erin")
		if len(reviews) != 1 || reviews[0].APIVersion != "authorization.k8s.io/v1" {
			t.Errorf("got reviews %+v, want one of v1", reviews)
		}
	})

	t.Run("a match condition skips the webhook", func(t *testing.T) {
		_, err := client("erin").CoreV1().Pods("unwatched").List(ctx, metav1.ListOptions{})
		expectStatus(t, err, http.StatusForbidden, `pods is forbidden: User "erin" cannot list resource "pods" in API group "" in the namespace "unwatched"`)
		for _, r := range hook.reviewsOf("erin") {
			if r.Spec.ResourceAttributes.Namespace == "unwatched" {
				t.Errorf("the webhook was asked about the unwatched namespace: %+v", r.Spec)
			}
		}
	})

	t.Run("without caching each request reaches the webhook", func(t *testing.T) {
		for range 2 {
			if code, body := listPods("alice"); code != http.StatusOK {
				t.Fatalf("got %d %s, want 200", code, body)
			}
		}
		if n := len(hook.reviewsOf("alice")); n != 2 {
			t.Errorf("the webhook received %d reviews of alice's two requests, want 2", n)
		}
	})

	t.Run("failurePolicy NoOpinion asks the next authorizer", func(t *testing.T) {
		if code, body := listPods("nora"); code != http.StatusOK {
			t.Errorf("got %d %s, want 200 from the policy webhook", code, body)
		}
		if n := len(hook.reviewsOf("nora")); n != 1 {
			t.Errorf("the policy webhook received %d reviews of nora's request, want 1", n)
		}
	})

	t.Run("failurePolicy Deny stops the chain", func(t *testing.T) {
		code, body := listPods("dan")
		if code != http.StatusInternalServerError || !strings.Contains(body, "connection refused") {
			t.Errorf("got %d %s, want 500 with the down webhook's error", code, body)
		}
		if n := len(hook.reviewsOf("dan")); n != 0 {
			t.Errorf("the policy webhook received %d reviews of dan's request, want none", n)
		}
	})

	t.Run("a reload that drops RBAC is refused", func(t *testing.T) {
		withoutRBAC := strings.Replace(fmt.Sprintf(authzConfiguration, down, policy, fmt.Sprintf(authzClosedWebhook, down)), "- type: RBAC\n  name: rbac\n", "", 1)
		before := failedAuthzReloads(t, s)
		writeFile(t, config, withoutRBAC)
		eventually(t, func() error {
			if failedAuthzReloads(t, s) == before {
				return fmt.Errorf("no failed reload counted yet")
			}
			return nil
		})
		if code, body := listPods("dan"); code != http.StatusInternalServerError {
			t.Errorf("got %d %s, want the last good chain's 500", code, body)
		}
	})

	t.Run("a reload without the closed webhook lets dan in", func(t *testing.T) {
		writeFile(t, config, fmt.Sprintf(authzConfiguration, down, policy, ""))
		eventually(t, func() error {
			if code, body := listPods("dan"); code != http.StatusOK {
				return fmt.Errorf("got %d %s", code, body)
			}
			return nil
		})
	})
}

// TestAuthorizationConfigStartErrors shows the flag combinations and files kapi refuses to start with,
// with kube-apiserver's messages.
func TestAuthorizationConfigStartErrors(t *testing.T) {
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "webhook.kubeconfig")
	writeFile(t, kubeconfig, "apiVersion: v1\nkind: Config\nclusters: [{name: authz, cluster: {server: 'https://127.0.0.1:1'}}]\ncontexts: [{name: authz, context: {cluster: authz}}]\ncurrent-context: authz\n")
	config := filepath.Join(dir, "authz.yaml")
	writeFile(t, config, "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers: [{type: RBAC, name: rbac}]\n")
	noTimeout := filepath.Join(dir, "no-timeout.yaml")
	writeFile(t, noTimeout, fmt.Sprintf("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers: [{type: Webhook, name: hook, webhook: {subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: KubeConfigFile, kubeConfigFile: %s}}}]\n", kubeconfig))
	exclusive := "--authorization-config can not be specified when --authorization-mode or --authorization-webhook-* flags are defined"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"Webhook without its kubeconfig", []string{"--authorization-mode=Webhook"}, "authorization-mode Webhook's authorization config file not passed"},
		{"a kubeconfig without Webhook", []string{"--authorization-webhook-config-file=" + kubeconfig}, "cannot specify --authorization-webhook-config-file without mode Webhook"},
		{"an unknown review version", []string{"--authorization-mode=Webhook", "--authorization-webhook-config-file=" + kubeconfig, "--authorization-webhook-version=v2"}, `unsupported webhook authorizer version "v2", supported versions are "v1", "v1beta1"`},
		{"a configuration file with a mode", []string{"--authorization-config=" + config, "--authorization-mode=RBAC"}, exclusive},
		{"a configuration file with a webhook flag", []string{"--authorization-config=" + config, "--authorization-webhook-config-file=" + kubeconfig}, exclusive},
		{"a webhook without a timeout", []string{"--authorization-config=" + noTimeout}, "authorizers[0].timeout: Required value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectStartError(t, tc.args, tc.want)
		})
	}
}
