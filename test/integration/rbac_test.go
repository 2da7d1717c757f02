package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// rbacTokens are the --token-auth-file users of the RBAC tests: token,user,uid,"groups".
const rbacTokens = `alice-token,alice,1,"devs"
bob-token,bob,2,
carol-token,carol,3,
`

// startRBACServer starts a kapi with the default authorization mode (RBAC) and the token users above,
// on dataDir so that a test can restart it.
func startRBACServer(t *testing.T, dataDir string) *testserver.Server {
	t.Helper()
	tokens := filepath.Join(t.TempDir(), "tokens.csv")
	if err := os.WriteFile(tokens, []byte(rbacTokens), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := testserver.Start(context.Background(), testserver.Options{DataDir: dataDir, Args: []string{"--token-auth-file=" + tokens}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// userConfig authenticates with token only (empty: no credentials at all), trusting the server's CA.
func userConfig(s *testserver.Server, token string) *rest.Config {
	c := rest.AnonymousClientConfig(s.ClientConfig)
	c.BearerToken = token
	return c
}

func userClient(t *testing.T, s *testserver.Server, token string) kubernetes.Interface {
	t.Helper()
	return kubernetes.NewForConfigOrDie(userConfig(s, token))
}

// expectForbidden checks a 403 with exactly upstream's message.
func expectForbidden(t *testing.T, err error, message string) {
	t.Helper()
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		t.Fatalf("got %v, want a 403", err)
	}
	st := status.Status()
	if st.Code != http.StatusForbidden || st.Reason != metav1.StatusReasonForbidden || st.Message != message {
		t.Fatalf("got %d %s %q\nwant 403 Forbidden %q", st.Code, st.Reason, st.Message, message)
	}
}

// eventually retries fn until it returns nil: the authorizer reads roles and bindings through informers,
// which see a write a moment after it is made.
func eventually(t *testing.T, fn func() error) {
	t.Helper()
	var last error
	err := wait.PollUntilContextTimeout(context.Background(), 50*time.Millisecond, 30*time.Second, true, func(context.Context) (bool, error) {
		last = fn()
		return last == nil, nil
	})
	if err != nil {
		t.Fatalf("condition never met: %v", last)
	}
}

func bindingTo(kind, role string) rbacv1.RoleRef {
	return rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: kind, Name: role}
}

func userSubject(name string) rbacv1.Subject {
	return rbacv1.Subject{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: name}
}

func createRoleBinding(t *testing.T, admin kubernetes.Interface, ns, name, kind, role, user string) {
	t.Helper()
	_, err := admin.RbacV1().RoleBindings(ns).Create(context.Background(), &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		RoleRef:    bindingTo(kind, role),
		Subjects:   []rbacv1.Subject{userSubject(user)},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func createRole(t *testing.T, admin kubernetes.Interface, ns, name string, rules ...rbacv1.PolicyRule) {
	t.Helper()
	_, err := admin.RbacV1().Roles(ns).Create(context.Background(), &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: name}, Rules: rules}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRBAC(t *testing.T) {
	dataDir := t.TempDir()
	s := startRBACServer(t, dataDir)
	defer func() {
		if s != nil {
			_ = s.Stop()
		}
	}()
	ctx := context.Background()
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	alice := userClient(t, s, "alice-token")
	bob := userClient(t, s, "bob-token")
	carol := userClient(t, s, "carol-token")
	for _, ns := range []string{"rbac-view", "rbac-names", "rbac-escalate"} {
		createNamespace(t, admin, ns)
	}

	t.Run("a user without bindings is forbidden with upstream's message", func(t *testing.T) {
		_, err := bob.CoreV1().Pods("rbac-view").List(ctx, metav1.ListOptions{})
		expectForbidden(t, err, `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "rbac-view"`)
		// A namespace is its own namespace in the request attributes, as upstream's message shows.
		_, err = bob.CoreV1().Namespaces().Get(ctx, "rbac-view", metav1.GetOptions{})
		expectForbidden(t, err, `namespaces "rbac-view" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "rbac-view"`)
		_, err = bob.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		expectForbidden(t, err, `nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope`)
	})

	t.Run("every authenticated user may discover the API through system:discovery", func(t *testing.T) {
		if _, err := bob.Discovery().ServerGroups(); err != nil {
			t.Fatal(err)
		}
		if _, err := bob.Discovery().ServerResourcesForGroupVersion("rbac.authorization.k8s.io/v1"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("anonymous requests are forbidden while the health endpoints stay public", func(t *testing.T) {
		anonymous := kubernetes.NewForConfigOrDie(userConfig(s, ""))
		_, err := anonymous.CoreV1().Pods("rbac-view").List(ctx, metav1.ListOptions{})
		want := `pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "rbac-view"`
		if !apierrors.IsForbidden(err) || err.Error() != want {
			t.Fatalf("got %v, want 403 %q", err, want)
		}
		for _, path := range []string{"/healthz", "/readyz", "/livez", "/version"} {
			if _, err := anonymous.Discovery().RESTClient().Get().AbsPath(path).DoRaw(ctx); err != nil {
				t.Errorf("GET %s without credentials: %v", path, err)
			}
		}
	})

	t.Run("a binding to view allows reading, not writing nor secrets", func(t *testing.T) {
		createRoleBinding(t, admin, "rbac-view", "alice-view", "ClusterRole", "view", "alice")
		eventually(t, func() error {
			_, err := alice.CoreV1().Pods("rbac-view").List(ctx, metav1.ListOptions{})
			return err
		})
		_, err := alice.CoreV1().Pods("rbac-view").Create(ctx, simplePod("p", "nginx"), metav1.CreateOptions{})
		expectForbidden(t, err, `pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "rbac-view"`)
		_, err = alice.CoreV1().Secrets("rbac-view").List(ctx, metav1.ListOptions{})
		expectForbidden(t, err, `secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "rbac-view"`)
		_, err = alice.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
		expectForbidden(t, err, `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`)
	})

	t.Run("a binding to edit allows writing", func(t *testing.T) {
		createRoleBinding(t, admin, "rbac-view", "bob-edit", "ClusterRole", "edit", "bob")
		eventually(t, func() error {
			_, err := bob.CoreV1().Pods("rbac-view").Create(ctx, simplePod("by-bob", "nginx"), metav1.CreateOptions{})
			return err
		})
		_, err := bob.RbacV1().RoleBindings("rbac-view").List(ctx, metav1.ListOptions{})
		expectForbidden(t, err, `rolebindings.rbac.authorization.k8s.io is forbidden: User "bob" cannot list resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "rbac-view"`)
	})

	t.Run("resourceNames and subresources", func(t *testing.T) {
		if _, err := admin.CoreV1().Pods("rbac-names").Create(ctx, simplePod("web", "nginx"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		createRole(t, admin, "rbac-names", "web-status",
			rbacv1.PolicyRule{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods/status"}},
			rbacv1.PolicyRule{Verbs: []string{"delete"}, APIGroups: []string{""}, Resources: []string{"pods"}, ResourceNames: []string{"doomed"}},
		)
		createRoleBinding(t, admin, "rbac-names", "carol-web-status", "Role", "web-status", "carol")
		status := func() error {
			return carol.CoreV1().RESTClient().Get().Namespace("rbac-names").Resource("pods").Name("web").SubResource("status").Do(ctx).Error()
		}
		eventually(t, status)
		_, err := carol.CoreV1().Pods("rbac-names").Get(ctx, "web", metav1.GetOptions{})
		expectForbidden(t, err, `pods "web" is forbidden: User "carol" cannot get resource "pods" in API group "" in the namespace "rbac-names"`)
		err = carol.CoreV1().Pods("rbac-names").Delete(ctx, "web", metav1.DeleteOptions{})
		expectForbidden(t, err, `pods "web" is forbidden: User "carol" cannot delete resource "pods" in API group "" in the namespace "rbac-names"`)
		err = carol.CoreV1().Pods("rbac-names").Delete(ctx, "doomed", metav1.DeleteOptions{})
		if !apierrors.IsNotFound(err) {
			t.Fatalf("deleting the pod the rule names: got %v, want 404 (allowed, but no such pod)", err)
		}
	})

	t.Run("nonResourceURLs", func(t *testing.T) {
		err := carol.CoreV1().RESTClient().Get().AbsPath("/metrics").Do(ctx).Error()
		expectForbidden(t, err, `forbidden: User "carol" cannot get path "/metrics"`)
		_, err = admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "carol-monitoring"},
			RoleRef:    bindingTo("ClusterRole", "system:monitoring"),
			Subjects:   []rbacv1.Subject{userSubject("carol")},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, func() error {
			_, err := carol.Discovery().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
			return err
		})
	})

	t.Run("escalation is refused, and allowed with escalate and bind", func(t *testing.T) {
		createRole(t, admin, "rbac-escalate", "rbac-writer", rbacv1.PolicyRule{
			Verbs: []string{"create", "get"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"roles", "rolebindings"},
		})
		createRoleBinding(t, admin, "rbac-escalate", "alice-rbac-writer", "Role", "rbac-writer", "alice")
		secretReader := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "secret-reader"}, Rules: []rbacv1.PolicyRule{
			{Verbs: []string{"get", "list"}, APIGroups: []string{""}, Resources: []string{"secrets"}},
			{Verbs: []string{"get"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"roles"}},
		}}
		var err error
		eventually(t, func() error {
			_, err = alice.RbacV1().Roles("rbac-escalate").Create(ctx, secretReader, metav1.CreateOptions{})
			if apierrors.IsForbidden(err) && !strings.Contains(err.Error(), "attempting to grant") {
				return err
			}
			return nil
		})
		expectForbidden(t, err, `roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "alice" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:
{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`)

		// A binding to a role whose rules the user lacks is an escalation too.
		_, err = alice.RbacV1().RoleBindings("rbac-escalate").Create(ctx, &rbacv1.RoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "alice-edit"},
			RoleRef:    bindingTo("ClusterRole", "edit"),
			Subjects:   []rbacv1.Subject{userSubject("alice")},
		}, metav1.CreateOptions{})
		if !apierrors.IsForbidden(err) || !strings.HasPrefix(err.Error(), `rolebindings.rbac.authorization.k8s.io "alice-edit" is forbidden: user "alice" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:`) {
			t.Fatalf("binding edit without holding it: got %v", err)
		}

		createRole(t, admin, "rbac-escalate", "escalator", rbacv1.PolicyRule{
			Verbs: []string{"escalate"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"roles"},
		})
		createRoleBinding(t, admin, "rbac-escalate", "alice-escalator", "Role", "escalator", "alice")
		eventually(t, func() error {
			_, err := alice.RbacV1().Roles("rbac-escalate").Create(ctx, secretReader, metav1.CreateOptions{})
			return err
		})

		_, err = admin.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
			ObjectMeta: metav1.ObjectMeta{Name: "rbac-test-edit-binder"},
			Rules:      []rbacv1.PolicyRule{{Verbs: []string{"bind"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"clusterroles"}, ResourceNames: []string{"edit"}}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		createRoleBinding(t, admin, "rbac-escalate", "alice-edit-binder", "ClusterRole", "rbac-test-edit-binder", "alice")
		eventually(t, func() error {
			_, err := alice.RbacV1().RoleBindings("rbac-escalate").Create(ctx, &rbacv1.RoleBinding{
				ObjectMeta: metav1.ObjectMeta{Name: "alice-edit"},
				RoleRef:    bindingTo("ClusterRole", "edit"),
				Subjects:   []rbacv1.Subject{userSubject("alice")},
			}, metav1.CreateOptions{})
			return err
		})
	})

	t.Run("an aggregationRule needs cluster-admin", func(t *testing.T) {
		_, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "bob-clusterrole-writer"},
			RoleRef:    bindingTo("ClusterRole", "rbac-test-clusterrole-writer"),
			Subjects:   []rbacv1.Subject{userSubject("bob")},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = admin.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
			ObjectMeta: metav1.ObjectMeta{Name: "rbac-test-clusterrole-writer"},
			Rules:      []rbacv1.PolicyRule{{Verbs: []string{"create"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"clusterroles"}}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		aggregated := &rbacv1.ClusterRole{
			ObjectMeta:      metav1.ObjectMeta{Name: "bobs-aggregate"},
			AggregationRule: &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{{MatchLabels: map[string]string{"team": "bob"}}}},
		}
		eventually(t, func() error {
			_, err = bob.RbacV1().ClusterRoles().Create(ctx, aggregated, metav1.CreateOptions{})
			if apierrors.IsForbidden(err) && strings.Contains(err.Error(), "cannot create resource") {
				return err
			}
			return nil
		})
		expectForbidden(t, err, `clusterroles.rbac.authorization.k8s.io "bobs-aggregate" is forbidden: must have cluster-admin privileges to use the aggregationRule`)
	})

	t.Run("a role labelled aggregate-to-view shows up in view, edit and admin", func(t *testing.T) {
		widgets := rbacv1.PolicyRule{Verbs: []string{"get", "list", "watch"}, APIGroups: []string{"example.com"}, Resources: []string{"widgets"}}
		_, err := admin.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
			ObjectMeta: metav1.ObjectMeta{Name: "widget-viewer", Labels: map[string]string{"rbac.authorization.k8s.io/aggregate-to-view": "true"}},
			Rules:      []rbacv1.PolicyRule{widgets},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"view", "edit", "admin"} {
			eventually(t, func() error {
				role, err := admin.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
				if err != nil {
					return err
				}
				for _, r := range role.Rules {
					if r.APIGroups[0] == "example.com" && r.Resources[0] == "widgets" {
						return nil
					}
				}
				return errors.New(name + " lacks the widgets rule")
			})
		}
		// And alice, who has view in rbac-view, may now list widgets there: no such resource is served,
		// so once authorized she gets a 404 rather than a 403.
		eventually(t, func() error {
			err := alice.CoreV1().RESTClient().Get().AbsPath("/apis/example.com/v1/namespaces/rbac-view/widgets").Do(ctx).Error()
			if apierrors.IsNotFound(err) {
				return nil
			}
			return fmt.Errorf("listing widgets: %v", err)
		})
	})

	t.Run("bootstrap roles exist and are restored on restart", func(t *testing.T) {
		for _, name := range []string{"cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:public-info-viewer", "system:node", "system:kube-scheduler"} {
			role, err := admin.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if role.Annotations["rbac.authorization.kubernetes.io/autoupdate"] != "true" || role.Labels["kubernetes.io/bootstrapping"] != "rbac-defaults" {
				t.Errorf("%s: labels %v, annotations %v", name, role.Labels, role.Annotations)
			}
		}
		binding, err := admin.RbacV1().ClusterRoleBindings().Get(ctx, "system:public-info-viewer", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(binding.Subjects) != 2 || binding.Subjects[1].Name != "system:unauthenticated" {
			t.Errorf("system:public-info-viewer subjects %v", binding.Subjects)
		}
		if _, err := admin.RbacV1().Roles("kube-system").Get(ctx, "extension-apiserver-authentication-reader", metav1.GetOptions{}); err != nil {
			t.Fatal(err)
		}

		if err := admin.RbacV1().ClusterRoles().Delete(ctx, "system:basic-user", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := admin.RbacV1().RoleBindings("kube-system").Delete(ctx, "system::leader-locking-kube-scheduler", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		// A role an administrator opted out of reconciling keeps its changes.
		view, err := admin.RbacV1().ClusterRoles().Get(ctx, "system:heapster", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		view.Annotations["rbac.authorization.kubernetes.io/autoupdate"] = "false"
		view.Rules = view.Rules[:1]
		if _, err := admin.RbacV1().ClusterRoles().Update(ctx, view, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}

		if err := s.Stop(); err != nil {
			t.Fatal(err)
		}
		s = startRBACServer(t, dataDir)
		admin = kubernetes.NewForConfigOrDie(s.ClientConfig)
		if _, err := admin.RbacV1().ClusterRoles().Get(ctx, "system:basic-user", metav1.GetOptions{}); err != nil {
			t.Errorf("system:basic-user after restart: %v", err)
		}
		if _, err := admin.RbacV1().RoleBindings("kube-system").Get(ctx, "system::leader-locking-kube-scheduler", metav1.GetOptions{}); err != nil {
			t.Errorf("system::leader-locking-kube-scheduler after restart: %v", err)
		}
		heapster, err := admin.RbacV1().ClusterRoles().Get(ctx, "system:heapster", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(heapster.Rules) != 1 {
			t.Errorf("system:heapster has %d rules after restart, want the 1 its administrator left", len(heapster.Rules))
		}
	})
}
