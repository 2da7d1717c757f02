package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// abacPolicy is the --authorization-policy-file of the ABAC server: v1beta1 lines, a v0 line, comments
// and a blank line.
const abacPolicy = `# alice owns her namespace.
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "alice", "namespace": "authz-alice", "resource": "*", "apiGroup": "*"}}
# bob reads pods everywhere, the cluster scope included.
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "bob", "namespace": "*", "resource": "pods", "apiGroup": "", "readonly": true}}

# The ops group may manage nodes, which are cluster-scoped: an unset namespace is the cluster scope.
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "ops", "resource": "nodes", "apiGroup": ""}}
# Every authenticated user may discover the API and ask about their own access.
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "namespace": "*", "nonResourcePath": "/api*", "readonly": true}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "apiGroup": "authorization.k8s.io", "resource": "selfsubjectaccessreviews"}}
{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"group": "system:authenticated", "apiGroup": "authorization.k8s.io", "resource": "selfsubjectrulesreviews"}}
# carol, in the unversioned v0 format, may do anything, paths included.
{"user": "carol"}
`

// abacUser is a --token-auth-file user of the ABAC server.
type abacUser struct {
	name   string
	token  string
	groups []string
}

var (
	abacAlice = abacUser{"alice", "alice-token", []string{"system:authenticated"}}
	abacBob   = abacUser{"bob", "bob-token", []string{"system:authenticated"}}
	abacCarol = abacUser{"carol", "carol-token", []string{"system:authenticated"}}
	// dave has no rule of his own, only his ops group's.
	abacDave  = abacUser{"dave", "dave-token", []string{"system:authenticated", "ops"}}
	abacUsers = []abacUser{abacAlice, abacBob, abacCarol, abacDave}
)

func abacTokenFile() string {
	var b strings.Builder
	for i, u := range abacUsers {
		fmt.Fprintf(&b, "%s,%s,%d,%q\n", u.token, u.name, 1000+i, strings.Join(u.groups, ","))
	}
	return b.String()
}

// startABACServer starts a kapi that authorizes with ABAC alone, with the namespaces the tests use and
// a pod named seed in authz-alice.
func startABACServer(t *testing.T) *testserver.Server {
	t.Helper()
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.jsonl")
	tokens := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(policy, []byte(abacPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokens, []byte(abacTokenFile()), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "--authorization-mode=ABAC", "--authorization-policy-file="+policy, "--token-auth-file="+tokens)
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	createNamespace(t, admin, "authz-alice")
	createNamespace(t, admin, "authz-other")
	if _, err := admin.CoreV1().Pods("authz-alice").Create(context.Background(), simplePod("seed", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// authzRequest is one HTTP request, and the question an access review asks about it.
type authzRequest struct {
	method, path, body string
	verb               string
	resource           *authorizationv1.ResourceAttributes
}

func (r authzRequest) String() string { return r.method + " " + r.path }

func authzResourceRequest(method, path, body, verb, resource, namespace, name string) authzRequest {
	return authzRequest{method: method, path: path, body: body, verb: verb, resource: &authorizationv1.ResourceAttributes{
		Verb: verb, Resource: resource, Namespace: namespace, Name: name,
	}}
}

func authzPodJSON(name string) string {
	return fmt.Sprintf(`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": %q}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}`, name)
}

var (
	authzListAlicePods = authzResourceRequest("GET", "/api/v1/namespaces/authz-alice/pods", "", "list", "pods", "authz-alice", "")
	authzListOtherPods = authzResourceRequest("GET", "/api/v1/namespaces/authz-other/pods", "", "list", "pods", "authz-other", "")
	authzListAllPods   = authzResourceRequest("GET", "/api/v1/pods", "", "list", "pods", "", "")
	authzGetSeedPod    = authzResourceRequest("GET", "/api/v1/namespaces/authz-alice/pods/seed", "", "get", "pods", "authz-alice", "seed")
	authzListAliceSvcs = authzResourceRequest("GET", "/api/v1/namespaces/authz-alice/services", "", "list", "services", "authz-alice", "")
	authzListNodes     = authzResourceRequest("GET", "/api/v1/nodes", "", "list", "nodes", "", "")
	// A namespace object is in its own namespace, as far as authorization goes.
	authzGetNamespace   = authzResourceRequest("GET", "/api/v1/namespaces/authz-alice", "", "get", "namespaces", "authz-alice", "authz-alice")
	authzListNamespaces = authzResourceRequest("GET", "/api/v1/namespaces", "", "list", "namespaces", "", "")
	authzGetAPIs        = authzRequest{method: "GET", path: "/apis", verb: "get"}
	authzGetMetrics     = authzRequest{method: "GET", path: "/metrics", verb: "get"}
)

func authzCreatePod(namespace, name string) authzRequest {
	return authzResourceRequest("POST", "/api/v1/namespaces/"+namespace+"/pods", authzPodJSON(name), "create", "pods", namespace, "")
}

func authzDeletePod(namespace, name string) authzRequest {
	return authzResourceRequest("DELETE", "/api/v1/namespaces/"+namespace+"/pods/"+name, "", "delete", "pods", namespace, name)
}

// sendAuthz makes r with config's credentials and returns the status code and, for failures, the Status.
func sendAuthz(t *testing.T, config *rest.Config, r authzRequest) (int, metav1.Status) {
	t.Helper()
	contentType := ""
	if r.body != "" {
		contentType = "application/json"
	}
	code, data := sendRaw(t, config, r.method, r.path, contentType, []byte(r.body))
	var status metav1.Status
	if code >= 400 {
		if err := json.Unmarshal(data, &status); err != nil {
			t.Fatalf("%s: %d response is not a Status: %s", r, code, data)
		}
	}
	return code, status
}

func TestAuthzABACDecisions(t *testing.T) {
	s := startABACServer(t)
	const noMatch = ": abac: No policy matched."
	tests := []struct {
		name     string
		config   *rest.Config
		request  authzRequest
		wantCode int
		wantMsg  string
	}{
		{"alice lists pods in her namespace", userConfig(s, abacAlice.token), authzListAlicePods, 200, ""},
		{"alice creates a pod in her namespace", userConfig(s, abacAlice.token), authzCreatePod("authz-alice", "by-alice"), 201, ""},
		{"alice lists services in her namespace", userConfig(s, abacAlice.token), authzListAliceSvcs, 200, ""},
		{
			"alice lists pods in another namespace", userConfig(s, abacAlice.token), authzListOtherPods, 403,
			`pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "authz-other"` + noMatch,
		},
		{
			"alice lists pods across namespaces", userConfig(s, abacAlice.token), authzListAllPods, 403,
			`pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope` + noMatch,
		},
		{"alice reads her namespace object, which is in its own namespace", userConfig(s, abacAlice.token), authzGetNamespace, 200, ""},
		{
			"alice lists namespaces, which is cluster-scoped", userConfig(s, abacAlice.token), authzListNamespaces, 403,
			`namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope` + noMatch,
		},
		{"bob reads a pod", userConfig(s, abacBob.token), authzGetSeedPod, 200, ""},
		{"bob lists pods across namespaces", userConfig(s, abacBob.token), authzListAllPods, 200, ""},
		{
			"bob creates a pod with a read-only rule", userConfig(s, abacBob.token), authzCreatePod("authz-alice", "by-bob"), 403,
			`pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "authz-alice"` + noMatch,
		},
		{
			"bob deletes a pod with a read-only rule", userConfig(s, abacBob.token), authzDeletePod("authz-alice", "seed"), 403,
			`pods "seed" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "authz-alice"` + noMatch,
		},
		{
			"bob lists services", userConfig(s, abacBob.token), authzListAliceSvcs, 403,
			`services is forbidden: User "bob" cannot list resource "services" in API group "" in the namespace "authz-alice"` + noMatch,
		},
		{"dave lists nodes through his group", userConfig(s, abacDave.token), authzListNodes, 200, ""},
		{
			"dave lists pods", userConfig(s, abacDave.token), authzListAlicePods, 403,
			`pods is forbidden: User "dave" cannot list resource "pods" in API group "" in the namespace "authz-alice"` + noMatch,
		},
		{"dave discovers the API", userConfig(s, abacDave.token), authzGetAPIs, 200, ""},
		{"dave reads metrics", userConfig(s, abacDave.token), authzGetMetrics, 403, `forbidden: User "dave" cannot get path "/metrics"` + noMatch},
		{"carol's v0 rule allows any resource", userConfig(s, abacCarol.token), authzCreatePod("authz-other", "by-carol"), 201, ""},
		{"carol's v0 rule allows the cluster scope", userConfig(s, abacCarol.token), authzListNodes, 200, ""},
		{"carol's v0 rule allows any path", userConfig(s, abacCarol.token), authzGetMetrics, 200, ""},
		{"system:masters needs no rule", s.ClientConfig, authzDeletePod("authz-alice", "by-alice"), 200, ""},
		{"no credentials", rest.AnonymousClientConfig(s.ClientConfig), authzListAlicePods, 403,
			`pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "authz-alice"` + noMatch},
		{"an unknown token", userConfig(s, "nobody"), authzListAlicePods, 401, "Unauthorized"},
		{"no credentials on a public path", rest.AnonymousClientConfig(s.ClientConfig), authzRequest{method: "GET", path: "/healthz"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, status := sendAuthz(t, tt.config, tt.request)
			if code != tt.wantCode || status.Message != tt.wantMsg {
				t.Errorf("%s: got %d %q, want %d %q", tt.request, code, status.Message, tt.wantCode, tt.wantMsg)
			}
			if code == 403 && (status.Reason != metav1.StatusReasonForbidden || status.Code != 403) {
				t.Errorf("got reason %q code %d, want Forbidden 403", status.Reason, status.Code)
			}
			if code == 401 && (status.Reason != metav1.StatusReasonUnauthorized || status.Code != 401) {
				t.Errorf("got reason %q code %d, want Unauthorized 401", status.Reason, status.Code)
			}
		})
	}
}

// TestAuthzABACReviewsAgreeWithRequests asks SubjectAccessReview, SelfSubjectAccessReview and
// LocalSubjectAccessReview about requests, then makes them: a request is forbidden exactly when the
// reviews say it is not allowed.
func TestAuthzABACReviewsAgreeWithRequests(t *testing.T) {
	s := startABACServer(t)
	ctx := context.Background()
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	for _, u := range abacUsers {
		requests := []authzRequest{
			authzListAlicePods, authzListOtherPods, authzListAllPods, authzGetSeedPod, authzListAliceSvcs, authzListNodes, authzGetNamespace, authzListNamespaces, authzGetAPIs, authzGetMetrics,
			authzCreatePod("authz-alice", "review-"+u.name), authzCreatePod("authz-other", "review-"+u.name),
		}
		for _, r := range requests {
			t.Run(u.name+" "+r.String(), func(t *testing.T) {
				spec := authorizationv1.SubjectAccessReviewSpec{User: u.name, Groups: u.groups, ResourceAttributes: r.resource}
				selfSpec := authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: r.resource}
				if r.resource == nil {
					spec.NonResourceAttributes = &authorizationv1.NonResourceAttributes{Path: r.path, Verb: r.verb}
					selfSpec.NonResourceAttributes = spec.NonResourceAttributes
				}
				sar, err := admin.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{Spec: spec}, metav1.CreateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				self, err := kubernetes.NewForConfigOrDie(userConfig(s, u.token)).AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authorizationv1.SelfSubjectAccessReview{Spec: selfSpec}, metav1.CreateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				statuses := map[string]authorizationv1.SubjectAccessReviewStatus{"SubjectAccessReview": sar.Status, "SelfSubjectAccessReview": self.Status}
				if r.resource != nil && r.resource.Namespace != "" {
					local, err := admin.AuthorizationV1().LocalSubjectAccessReviews(r.resource.Namespace).Create(ctx, &authorizationv1.LocalSubjectAccessReview{Spec: spec}, metav1.CreateOptions{})
					if err != nil {
						t.Fatal(err)
					}
					statuses["LocalSubjectAccessReview"] = local.Status
				}

				code, status := sendAuthz(t, userConfig(s, u.token), r)
				allowed := code != http.StatusForbidden
				want := authorizationv1.SubjectAccessReviewStatus{Allowed: allowed}
				if !allowed {
					want.Reason = "abac: No policy matched."
				}
				for kind, got := range statuses {
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s status disagrees with the request's %d %q (-want +got):\n%s", kind, code, status.Message, diff)
					}
				}
			})
		}
	}
}

func TestAuthzABACReviewForSystemMasters(t *testing.T) {
	s := startABACServer(t)
	sar, err := kubernetes.NewForConfigOrDie(s.ClientConfig).AuthorizationV1().SubjectAccessReviews().Create(context.Background(), &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User: "root", Groups: []string{"system:masters"}, ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "delete", Resource: "nodes"},
	}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(authorizationv1.SubjectAccessReviewStatus{Allowed: true}, sar.Status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
}

func TestAuthzABACSelfSubjectRulesReview(t *testing.T) {
	s := startABACServer(t)
	readonly := []string{"get", "list", "watch"}
	discovery := authorizationv1.NonResourceRule{Verbs: readonly, NonResourceURLs: []string{"/api*"}}
	tests := []struct {
		user      abacUser
		namespace string
		want      authorizationv1.SubjectRulesReviewStatus
	}{
		{abacAlice, "authz-alice", authorizationv1.SubjectRulesReviewStatus{
			ResourceRules:    []authorizationv1.ResourceRule{{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}}},
			NonResourceRules: []authorizationv1.NonResourceRule{discovery},
		}},
		{abacAlice, "authz-other", authorizationv1.SubjectRulesReviewStatus{
			ResourceRules:    []authorizationv1.ResourceRule{},
			NonResourceRules: []authorizationv1.NonResourceRule{discovery},
		}},
		{abacBob, "authz-other", authorizationv1.SubjectRulesReviewStatus{
			ResourceRules:    []authorizationv1.ResourceRule{{Verbs: readonly, APIGroups: []string{""}, Resources: []string{"pods"}}},
			NonResourceRules: []authorizationv1.NonResourceRule{discovery},
		}},
		{abacCarol, "authz-other", authorizationv1.SubjectRulesReviewStatus{
			ResourceRules:    []authorizationv1.ResourceRule{{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}}},
			NonResourceRules: []authorizationv1.NonResourceRule{discovery, {Verbs: []string{"*"}, NonResourceURLs: []string{"*"}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.user.name+" in "+tt.namespace, func(t *testing.T) {
			client := kubernetes.NewForConfigOrDie(userConfig(s, tt.user.token))
			review, err := client.AuthorizationV1().SelfSubjectRulesReviews().Create(context.Background(), &authorizationv1.SelfSubjectRulesReview{
				Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: tt.namespace},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// Protobuf, which the client speaks, does not tell an empty list from none.
			if diff := cmp.Diff(tt.want, review.Status, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthzReviewErrors(t *testing.T) {
	s := startABACServer(t)
	admin := rest.CopyConfig(s.ClientConfig)
	review := func(path, body string) authzRequest { return authzRequest{method: "POST", path: path, body: body} }
	const (
		sars  = "/apis/authorization.k8s.io/v1/subjectaccessreviews"
		lsars = "/apis/authorization.k8s.io/v1/namespaces/authz-alice/localsubjectaccessreviews"
		ssrrs = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"
		ssars = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
	)
	tests := []struct {
		name       string
		config     *rest.Config
		request    authzRequest
		wantCode   int
		wantReason metav1.StatusReason
		wantMsg    string
		wantCauses []metav1.StatusCause
	}{
		{
			"a subject access review without subject or question", admin,
			review(sars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": {}}`),
			422, metav1.StatusReasonInvalid,
			`SubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]`,
			[]metav1.StatusCause{
				{Type: metav1.CauseTypeFieldValueInvalid, Message: "Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified", Field: "spec.resourceAttributes"},
				{Type: metav1.CauseTypeFieldValueInvalid, Message: `Invalid value: "": at least one of user or group must be specified`, Field: "spec.user"},
			},
		},
		{
			"a local review about another namespace than its own", admin,
			review(lsars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "LocalSubjectAccessReview", "spec": {"user": "bob", "resourceAttributes": {"namespace": "authz-other", "verb": "get", "resource": "pods"}}}`),
			422, metav1.StatusReasonInvalid,
			`LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "authz-other": must match metadata.namespace`,
			[]metav1.StatusCause{{Type: metav1.CauseTypeFieldValueInvalid, Message: `Invalid value: "authz-other": must match metadata.namespace`, Field: "spec.resourceAttributes.namespace"}},
		},
		{
			"a local review whose namespace is not the request's", admin,
			review(lsars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "LocalSubjectAccessReview", "metadata": {"namespace": "authz-other"}, "spec": {"user": "bob", "resourceAttributes": {"namespace": "authz-other", "verb": "get", "resource": "pods"}}}`),
			400, metav1.StatusReasonBadRequest, "the namespace of the provided object does not match the namespace sent on the request", nil,
		},
		{
			"a local review about a path", admin,
			review(lsars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "LocalSubjectAccessReview", "spec": {"user": "bob", "nonResourceAttributes": {"path": "/api", "verb": "get"}}}`),
			422, metav1.StatusReasonInvalid,
			`LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: {"path":"/api","verb":"get"}: disallowed on this kind of request`,
			[]metav1.StatusCause{{Type: metav1.CauseTypeFieldValueInvalid, Message: `Invalid value: {"path":"/api","verb":"get"}: disallowed on this kind of request`, Field: "spec.nonResourceAttributes"}},
		},
		{
			"a rules review without namespace", userConfig(s, abacBob.token),
			review(ssrrs, `{"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview", "spec": {}}`),
			400, metav1.StatusReasonBadRequest, "no namespace on request", nil,
		},
		{
			"a self review without credentials", rest.AnonymousClientConfig(s.ClientConfig),
			review(ssars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": {"nonResourceAttributes": {"path": "/api", "verb": "get"}}}`),
			403, metav1.StatusReasonForbidden,
			`selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope: abac: No policy matched.`, nil,
		},
		{
			"a subject access review by a user the policy does not allow to ask", userConfig(s, abacBob.token),
			review(sars, `{"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": {"user": "alice", "nonResourceAttributes": {"path": "/api", "verb": "get"}}}`),
			403, metav1.StatusReasonForbidden,
			`subjectaccessreviews.authorization.k8s.io is forbidden: User "bob" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope: abac: No policy matched.`, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, status := sendAuthz(t, tt.config, tt.request)
			if code != tt.wantCode || status.Reason != tt.wantReason || status.Message != tt.wantMsg {
				t.Errorf("got %d %s %q\nwant %d %s %q", code, status.Reason, status.Message, tt.wantCode, tt.wantReason, tt.wantMsg)
			}
			var causes []metav1.StatusCause
			if status.Details != nil {
				causes = status.Details.Causes
			}
			if diff := cmp.Diff(tt.wantCauses, causes); diff != "" {
				t.Errorf("causes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAuthzSelfReviewWithMetadata shows a review with metadata refused. The refused value includes the
// managed fields the server records for the request, so only its start is compared.
func TestAuthzSelfReviewWithMetadata(t *testing.T) {
	s := startABACServer(t)
	code, status := sendAuthz(t, userConfig(s, abacBob.token), authzRequest{method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
		body: `{"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "metadata": {"name": "mine"}, "spec": {"nonResourceAttributes": {"path": "/api", "verb": "get"}}}`})
	const wantPrefix = `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: metadata: Invalid value: {"name":"mine",`
	if code != 422 || status.Reason != metav1.StatusReasonInvalid || !strings.HasPrefix(status.Message, wantPrefix) || !strings.HasSuffix(status.Message, "}: must be empty") {
		t.Errorf("got %d %s %q, want 422 Invalid %q...", code, status.Reason, status.Message, wantPrefix)
	}
	if status.Details == nil || len(status.Details.Causes) != 1 || status.Details.Causes[0].Field != "metadata" {
		t.Errorf("got details %+v, want one cause for metadata", status.Details)
	}
}

// TestAuthzReviewsCreateNothing shows that reviews are answers, not objects: the response echoes the
// question with a status, and nothing can be read back.
func TestAuthzReviewsCreateNothing(t *testing.T) {
	s := startABACServer(t)
	client := kubernetes.NewForConfigOrDie(userConfig(s, abacBob.token))
	ctx := context.Background()
	review, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authorizationv1.SelfSubjectAccessReview{
		Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: authzGetSeedPod.resource},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*authzGetSeedPod.resource, *review.Spec.ResourceAttributes); diff != "" {
		t.Errorf("echoed spec (-want +got):\n%s", diff)
	}
	if !review.Status.Allowed || review.Name != "" || review.UID != "" {
		t.Errorf("got allowed=%v name=%q uid=%q, want an allowed, unnamed review", review.Status.Allowed, review.Name, review.UID)
	}
	code, status := sendAuthz(t, s.ClientConfig, authzRequest{method: "GET", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"})
	if code != http.StatusMethodNotAllowed || status.Reason != metav1.StatusReasonMethodNotAllowed {
		t.Errorf("listing reviews: got %d %s %q, want 405 MethodNotAllowed", code, status.Reason, status.Message)
	}
}

// TestAuthzAPIGroupDiscovery shows the group and its four create-only resources in discovery.
func TestAuthzAPIGroupDiscovery(t *testing.T) {
	resources, err := jsonClient(t).Discovery().ServerResourcesForGroupVersion("authorization.k8s.io/v1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range resources.APIResources {
		got[r.Name] = fmt.Sprintf("%s namespaced=%v verbs=%v singular=%s", r.Kind, r.Namespaced, r.Verbs, r.SingularName)
	}
	want := map[string]string{
		"subjectaccessreviews":      "SubjectAccessReview namespaced=false verbs=[create] singular=subjectaccessreview",
		"selfsubjectaccessreviews":  "SelfSubjectAccessReview namespaced=false verbs=[create] singular=selfsubjectaccessreview",
		"localsubjectaccessreviews": "LocalSubjectAccessReview namespaced=true verbs=[create] singular=localsubjectaccessreview",
		"selfsubjectrulesreviews":   "SelfSubjectRulesReview namespaced=false verbs=[create] singular=selfsubjectrulesreview",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

// TestAuthzAlwaysAllowReviews checks the reviews on a server in AlwaysAllow mode: everything is
// allowed, and the rules say so.
func TestAuthzAlwaysAllowReviews(t *testing.T) {
	ctx := context.Background()
	s := startServer(t, "--authorization-mode=AlwaysAllow")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	sar, err := client.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User: "anyone", ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "delete", Resource: "nodes"},
	}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(authorizationv1.SubjectAccessReviewStatus{Allowed: true}, sar.Status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	rules, err := client.AuthorizationV1().SelfSubjectRulesReviews().Create(ctx, &authorizationv1.SelfSubjectRulesReview{Spec: authorizationv1.SelfSubjectRulesReviewSpec{Namespace: "default"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := authorizationv1.SubjectRulesReviewStatus{
		ResourceRules:    []authorizationv1.ResourceRule{{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}}},
		NonResourceRules: []authorizationv1.NonResourceRule{{Verbs: []string{"*"}, NonResourceURLs: []string{"*"}}},
	}
	if diff := cmp.Diff(want, rules.Status); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	_, err = client.AuthorizationV1().LocalSubjectAccessReviews("default").Create(ctx, &authorizationv1.LocalSubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User: "anyone", ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: "kube-system", Verb: "get", Resource: "pods"},
	}}, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("a local review about another namespace: got %v, want Invalid", err)
	}
}

// TestAuthzABACFlags shows the start-up errors of inconsistent authorization flags and a bad policy file.
func TestAuthzABACFlags(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.jsonl")
	if err := os.WriteFile(policy, []byte(abacPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.jsonl")
	if err := os.WriteFile(broken, []byte("# fine\n{\"user\": \"alice\"}\n{\"user\": \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ABAC without a policy file", []string{"--authorization-mode=ABAC"}, "authorization-mode ABAC's authorization policy file not passed"},
		{"a policy file without ABAC", []string{"--authorization-mode=AlwaysAllow", "--authorization-policy-file=" + policy}, "cannot specify --authorization-policy-file without mode ABAC"},
		{"a malformed policy line", []string{"--authorization-mode=ABAC", "--authorization-policy-file=" + broken}, "error reading policy file " + broken + `, line 3: {"user": : `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectStartError(t, tt.args, tt.want)
		})
	}
}
