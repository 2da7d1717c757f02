package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const bootstrapSelector = "kubernetes.io/bootstrapping=rbac-defaults"

// TestBootstrapPolicyIsServed lists what the rbac/bootstrap-roles hook reconciled, as kubectl get would
// show it: upstream's 31 cluster roles plus 38 controller roles, their bindings, and the roles of
// kube-system and kube-public.
func TestBootstrapPolicyIsServed(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)

	roles, err := client.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{LabelSelector: bootstrapSelector})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]rbacv1.ClusterRole{}
	for _, r := range roles.Items {
		byName[r.Name] = r
	}
	if len(roles.Items) != 69 {
		t.Errorf("%d bootstrap cluster roles, want 69", len(roles.Items))
	}
	for _, name := range []string{"cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery",
		"system:public-info-viewer", "system:node", "system:kube-scheduler", "system:volume-scheduler",
		"system:controller:namespace-controller", "system:controller:generic-garbage-collector",
		"system:controller:selinux-warning-controller", "system:service-account-issuer-discovery"} {
		r, ok := byName[name]
		if !ok {
			t.Errorf("no cluster role %s", name)
			continue
		}
		if r.Annotations["rbac.authorization.kubernetes.io/autoupdate"] != "true" {
			t.Errorf("%s annotations %v", name, r.Annotations)
		}
	}
	wantNamespaceController := []rbacv1.PolicyRule{
		{Verbs: []string{"delete", "get", "list", "watch"}, APIGroups: []string{""}, Resources: []string{"namespaces"}},
		{Verbs: []string{"update"}, APIGroups: []string{""}, Resources: []string{"namespaces/finalize", "namespaces/status"}},
		{Verbs: []string{"delete", "deletecollection", "get", "list", "watch"}, APIGroups: []string{"*"}, Resources: []string{"*"}},
	}
	if got := byName["system:controller:namespace-controller"].Rules; !reflect.DeepEqual(got, wantNamespaceController) {
		t.Errorf("namespace-controller rules %+v, want %+v", got, wantNamespaceController)
	}
	// The aggregation controller fills view from system:aggregate-to-view.
	eventually(t, func() error {
		view, err := client.RbacV1().ClusterRoles().Get(ctx, "view", metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, r := range view.Rules {
			if reflect.DeepEqual(r.Resources, []string{"endpointslices"}) && reflect.DeepEqual(r.APIGroups, []string{"discovery.k8s.io"}) {
				return nil
			}
		}
		return errors.New("view has not aggregated endpointslices")
	})

	bindings, err := client.RbacV1().ClusterRoleBindings().List(ctx, metav1.ListOptions{LabelSelector: bootstrapSelector})
	if err != nil {
		t.Fatal(err)
	}
	if len(bindings.Items) != 50 {
		t.Errorf("%d bootstrap cluster role bindings, want 50", len(bindings.Items))
	}
	job, err := client.RbacV1().ClusterRoleBindings().Get(ctx, "system:controller:job-controller", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantSubjects := []rbacv1.Subject{{Kind: "ServiceAccount", Namespace: "kube-system", Name: "job-controller"}}
	if !reflect.DeepEqual(job.Subjects, wantSubjects) || job.RoleRef.Name != "system:controller:job-controller" {
		t.Errorf("job-controller binding: roleRef %+v subjects %+v", job.RoleRef, job.Subjects)
	}

	for ns, want := range map[string][]string{
		"kube-system": {"extension-apiserver-authentication-reader", "system::leader-locking-kube-controller-manager",
			"system::leader-locking-kube-scheduler", "system:controller:bootstrap-signer", "system:controller:cloud-provider",
			"system:controller:token-cleaner"},
		"kube-public": {"system:controller:bootstrap-signer"},
	} {
		roles, err := client.RbacV1().Roles(ns).List(ctx, metav1.ListOptions{LabelSelector: bootstrapSelector})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range roles.Items {
			got = append(got, r.Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("roles in %s: %v, want %v", ns, got, want)
		}
		rbs, err := client.RbacV1().RoleBindings(ns).List(ctx, metav1.ListOptions{LabelSelector: bootstrapSelector})
		if err != nil {
			t.Fatal(err)
		}
		if len(rbs.Items) != len(want) {
			t.Errorf("%d role bindings in %s, want %d", len(rbs.Items), ns, len(want))
		}
	}
}

// TestServiceAccountReadsOIDCDiscovery checks that any service account, and nothing more, may fetch the
// issuer discovery document through system:service-account-issuer-discovery's binding to
// system:serviceaccounts.
func TestServiceAccountReadsOIDCDiscovery(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	createNamespace(t, admin, "rbac-bootstrap-oidc")
	createServiceAccount(t, admin, "rbac-bootstrap-oidc", "reader")
	tr, err := requestToken(admin, "rbac-bootstrap-oidc", "reader", authenticationv1.TokenRequestSpec{})
	if err != nil {
		t.Fatal(err)
	}
	sa := kubernetes.NewForConfigOrDie(userConfig(server, tr.Status.Token))

	raw, err := sa.CoreV1().RESTClient().Get().AbsPath("/.well-known/openid-configuration").DoRaw(ctx)
	if err != nil {
		t.Fatalf("service account reading openid-configuration: %v", err)
	}
	var doc struct {
		Issuer string `json:"issuer"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Issuer != defaultIssuer {
		t.Errorf("openid-configuration = %s (%v), want issuer %s", raw, err, defaultIssuer)
	}
	if _, err := sa.CoreV1().RESTClient().Get().AbsPath("/openid/v1/jwks").DoRaw(ctx); err != nil {
		t.Errorf("service account reading jwks: %v", err)
	}

	_, err = sa.CoreV1().Secrets("rbac-bootstrap-oidc").List(ctx, metav1.ListOptions{})
	var status apierrors.APIStatus
	if !errors.As(err, &status) || status.Status().Code != http.StatusForbidden {
		t.Errorf("service account listing secrets: %v, want 403", err)
	}
}
