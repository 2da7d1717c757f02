package integration

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// statusOf returns the status code of a GET of path with config's credentials.
func statusOf(t *testing.T, config *rest.Config, path string) int {
	t.Helper()
	code, _ := sendRaw(t, config, http.MethodGet, path, "", nil)
	return code
}

// writeTokenFile writes a --token-auth-file with one user, bob, in group developers.
func writeTokenFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tokens.csv")
	if err := os.WriteFile(path, []byte("bob-token,bob,1001,developers\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var publicPaths = []string{"/healthz", "/readyz", "/livez", "/version"}

// TestAnonymousNotWithAlwaysAllow checks kube-apiserver's rule that AlwaysAllow turns anonymous access
// off: without credentials every path is 401, and bad credentials are never anonymous either.
func TestAnonymousNotWithAlwaysAllow(t *testing.T) {
	s := startServer(t, "--authorization-mode=AlwaysAllow")
	anonymous := rest.AnonymousClientConfig(s.ClientConfig)
	for _, path := range append(publicPaths, "/api/v1/namespaces") {
		if got := statusOf(t, anonymous, path); got != http.StatusUnauthorized {
			t.Errorf("anonymous GET %s under AlwaysAllow = %d, want 401", path, got)
		}
	}
	badToken := userConfig(s, "not-a-token")
	if got := statusOf(t, badToken, "/api/v1/namespaces"); got != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/namespaces with a bad token = %d, want 401", got)
	}
	if got := statusOf(t, s.ClientConfig, "/api/v1/namespaces"); got != http.StatusOK {
		t.Errorf("admin GET /api/v1/namespaces = %d, want 200", got)
	}
}

// TestAnonymousUnderRBAC checks the shared server's defaults: anonymous requests are let in as
// system:anonymous and left to RBAC, which lets them read the health and version endpoints only; a
// bad token is 401 even on those.
func TestAnonymousUnderRBAC(t *testing.T) {
	anonymous := rest.AnonymousClientConfig(server.ClientConfig)
	for _, path := range publicPaths {
		if got := statusOf(t, anonymous, path); got != http.StatusOK {
			t.Errorf("anonymous GET %s = %d, want 200", path, got)
		}
	}
	_, err := kubernetes.NewForConfigOrDie(anonymous).CoreV1().Namespaces().List(context.Background(), metav1.ListOptions{})
	want := `namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope`
	if !apierrors.IsForbidden(err) || err.Error() != want {
		t.Errorf("anonymous list namespaces: err = %v, want 403 %q", err, want)
	}
	badToken := userConfig(server, "not-a-token")
	if got := statusOf(t, badToken, "/healthz"); got != http.StatusUnauthorized {
		t.Errorf("GET /healthz with a bad token = %d, want 401: bad credentials are never anonymous", got)
	}
}

func TestAnonymousIsForbiddenButReachesHealth(t *testing.T) {
	s := startServer(t, "--authorization-mode=AlwaysDeny")
	anonymous := rest.AnonymousClientConfig(s.ClientConfig)
	for _, path := range publicPaths {
		if got := statusOf(t, anonymous, path); got != http.StatusOK {
			t.Errorf("anonymous GET %s = %d, want 200", path, got)
		}
	}
	_, err := kubernetes.NewForConfigOrDie(anonymous).CoreV1().Pods("").List(context.Background(), metav1.ListOptions{})
	if !apierrors.IsForbidden(err) || !strings.HasPrefix(err.Error(), `pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope`) {
		t.Errorf("anonymous list pods: err = %v, want 403 for system:anonymous", err)
	}
	if got := statusOf(t, anonymous, "/.well-known/openid-configuration"); got != http.StatusForbidden {
		t.Errorf("anonymous GET of the OIDC discovery document = %d, want 403", got)
	}
}

func TestAnonymousDisabled(t *testing.T) {
	s := startServer(t, "--anonymous-auth=false")
	anonymous := rest.AnonymousClientConfig(s.ClientConfig)
	for _, path := range append(publicPaths, "/api/v1/pods") {
		if got := statusOf(t, anonymous, path); got != http.StatusUnauthorized {
			t.Errorf("anonymous GET %s with --anonymous-auth=false = %d, want 401", path, got)
		}
	}
	if got := statusOf(t, s.ClientConfig, "/api/v1/pods"); got != http.StatusOK {
		t.Errorf("admin GET /api/v1/pods = %d, want 200", got)
	}
}

func TestStaticTokenWhoami(t *testing.T) {
	s := startServer(t, "--token-auth-file="+writeTokenFile(t))
	bob := userConfig(s, "bob-token")
	user, err := whoami(kubernetes.NewForConfigOrDie(bob))
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "bob" || user.UID != "1001" || strings.Join(user.Groups, ",") != "developers,system:authenticated" {
		t.Errorf("bob whoami = %+v", user)
	}
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	review, err := admin.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: "bob-token"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !review.Status.Authenticated || review.Status.User.Username != "bob" {
		t.Errorf("token review of bob's token = %+v", review.Status)
	}
}

func TestImpersonation(t *testing.T) {
	config := rest.CopyConfig(server.ClientConfig)
	config.Impersonate = rest.ImpersonationConfig{UserName: "alice", Groups: []string{"devs"}, Extra: map[string][]string{"scopes": {"view"}}}
	user, err := whoami(kubernetes.NewForConfigOrDie(config))
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "alice" || strings.Join(user.Groups, ",") != "devs,system:authenticated" || strings.Join(user.Extra["scopes"], ",") != "view" {
		t.Errorf("impersonated whoami = %+v, want alice in devs with scopes=view", user)
	}

	config.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:team:builder"}
	user, err = whoami(kubernetes.NewForConfigOrDie(config))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(user.Groups, ",") != "system:serviceaccounts,system:serviceaccounts:team,system:authenticated" {
		t.Errorf("impersonated service account groups = %v", user.Groups)
	}
}

func TestImpersonationNeedsPermission(t *testing.T) {
	s := startServer(t, "--authorization-mode=AlwaysDeny", "--token-auth-file="+writeTokenFile(t))
	bob := userConfig(s, "bob-token")
	bob.Impersonate = rest.ImpersonationConfig{UserName: "alice"}
	_, err := whoami(kubernetes.NewForConfigOrDie(bob))
	// kube-apiserver v1.37 asks for constrained impersonation (impersonate-on:<mode>:<verb>) first and
	// reports that refusal.
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), `User "bob" cannot impersonate`) {
		t.Errorf("bob impersonating alice: err = %v, want 403", err)
	}

	// system:masters may impersonate under any mode; the request then runs as alice, whom AlwaysDeny refuses.
	admin := rest.CopyConfig(s.ClientConfig)
	admin.Impersonate = rest.ImpersonationConfig{UserName: "alice"}
	_, err = whoami(kubernetes.NewForConfigOrDie(admin))
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), `User "alice" cannot create resource "selfsubjectreviews"`) {
		t.Errorf("admin impersonating alice: err = %v, want 403 for alice", err)
	}
}
