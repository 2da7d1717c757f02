package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

const defaultIssuer = "https://kubernetes.default.svc.cluster.local"

// whoami asks the server whom client is, as `kubectl auth whoami` does.
func whoami(client kubernetes.Interface) (authenticationv1.UserInfo, error) {
	r, err := client.AuthenticationV1().SelfSubjectReviews().Create(context.Background(), &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return authenticationv1.UserInfo{}, err
	}
	return r.Status.UserInfo, nil
}

// waitForDefaultServiceAccount waits for the in-process controller to create namespace's default account.
func waitForDefaultServiceAccount(t *testing.T, client kubernetes.Interface, namespace string) *corev1.ServiceAccount {
	t.Helper()
	var sa *corev1.ServiceAccount
	eventually(t, func() error {
		var err error
		sa, err = client.CoreV1().ServiceAccounts(namespace).Get(context.Background(), "default", metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("no default service account in %s: %w", namespace, err)
		}
		return nil
	})
	return sa
}

func createServiceAccount(t *testing.T, client kubernetes.Interface, namespace, name string) *corev1.ServiceAccount {
	t.Helper()
	sa, err := client.CoreV1().ServiceAccounts(namespace).Create(context.Background(), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

func requestToken(client kubernetes.Interface, namespace, name string, spec authenticationv1.TokenRequestSpec) (*authenticationv1.TokenRequest, error) {
	return client.CoreV1().ServiceAccounts(namespace).CreateToken(context.Background(), name, &authenticationv1.TokenRequest{Spec: spec}, metav1.CreateOptions{})
}

func TestServiceAccountDefaultIsCreatedAndRecreated(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "sa-default")
	first := waitForDefaultServiceAccount(t, client, "sa-default")
	if err := client.CoreV1().ServiceAccounts("sa-default").Delete(context.Background(), "default", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		sa, err := client.CoreV1().ServiceAccounts("sa-default").Get(context.Background(), "default", metav1.GetOptions{})
		if err != nil || sa.UID == first.UID {
			return fmt.Errorf("the deleted default service account was not recreated (get: %v)", err)
		}
		return nil
	})
}

func TestServiceAccountValidationAndTable(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "sa-crud")
	_, err := client.CoreV1().ServiceAccounts("sa-crud").Create(context.Background(), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "Bad_Name"}}, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("create Bad_Name: err = %v, want 422 Invalid", err)
	}
	if causes := err.(apierrors.APIStatus).Status().Details.Causes; len(causes) != 1 || causes[0].Field != "metadata.name" {
		t.Errorf("causes = %+v, want one on metadata.name", causes)
	}
	sa := &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: "robot"},
		Secrets:    []corev1.ObjectReference{{Name: "robot-token", Namespace: "elsewhere", Kind: "Secret"}},
	}
	created, err := client.CoreV1().ServiceAccounts("sa-crud").Create(context.Background(), sa, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []corev1.ObjectReference{{Name: "robot-token"}}; len(created.Secrets) != 1 || created.Secrets[0] != want[0] {
		t.Errorf("secrets = %+v, want only the name kept: %+v", created.Secrets, want)
	}
	names, table := columnNames(t, client, "/api/v1/namespaces/sa-crud/serviceaccounts/robot")
	// kube-apiserver v1.37 dropped the Secrets column.
	if strings.Join(names, ",") != "Name,Age" {
		t.Errorf("columns = %v, want Name,Age", names)
	}
	if len(table.Rows) != 1 || table.Rows[0].Cells[0] != "robot" {
		t.Errorf("rows = %+v, want robot", table.Rows)
	}
}

func TestTokenRequestAuthenticatesAsServiceAccount(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "sa-token")
	sa := createServiceAccount(t, client, "sa-token", "robot")

	before := time.Now().Truncate(time.Second)
	tr, err := requestToken(client, "sa-token", "robot", authenticationv1.TokenRequestSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if exp := tr.Spec.ExpirationSeconds; exp == nil || *exp != 3600 {
		t.Errorf("spec.expirationSeconds = %v, want the default 3600", exp)
	}
	if got := tr.Spec.Audiences; len(got) != 1 || got[0] != defaultIssuer {
		t.Errorf("spec.audiences = %v, want [%s]", got, defaultIssuer)
	}
	if exp := tr.Status.ExpirationTimestamp.Time; exp.Before(before.Add(time.Hour)) || exp.After(time.Now().Add(time.Hour)) {
		t.Errorf("status.expirationTimestamp = %v, want an hour from now", exp)
	}
	if tr.Name != "robot" || tr.Namespace != "sa-token" {
		t.Errorf("metadata = %s/%s, want sa-token/robot", tr.Namespace, tr.Name)
	}

	user, err := whoami(userClient(t, server, tr.Status.Token))
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "system:serviceaccount:sa-token:robot" || user.UID != string(sa.UID) {
		t.Errorf("user = %q uid %q, want system:serviceaccount:sa-token:robot uid %s", user.Username, user.UID, sa.UID)
	}
	if got := strings.Join(user.Groups, ","); got != "system:serviceaccounts,system:serviceaccounts:sa-token,system:authenticated" {
		t.Errorf("groups = %s", got)
	}
	if id := user.Extra["authentication.kubernetes.io/credential-id"]; len(id) != 1 || !strings.HasPrefix(id[0], "JTI=") {
		t.Errorf("credential-id = %v, want JTI=<jti>", id)
	}

	review, err := client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: tr.Status.Token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !review.Status.Authenticated || review.Status.User.Username != "system:serviceaccount:sa-token:robot" || strings.Join(review.Status.Audiences, ",") != defaultIssuer {
		t.Errorf("token review status = %+v, want authenticated as the service account for %s", review.Status, defaultIssuer)
	}

	// A token for another audience is not for this API server.
	other, err := requestToken(client, "sa-token", "robot", authenticationv1.TokenRequestSpec{Audiences: []string{"vault"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, other.Status.Token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami with a vault token: err = %v, want 401", err)
	}
	review, err = client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: other.Status.Token, Audiences: []string{"vault"}}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !review.Status.Authenticated || strings.Join(review.Status.Audiences, ",") != "vault" {
		t.Errorf("token review for vault = %+v, want authenticated for vault", review.Status)
	}

	if err := client.CoreV1().ServiceAccounts("sa-token").Delete(context.Background(), "robot", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, tr.Status.Token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami after the service account was deleted: err = %v, want 401", err)
	}
	review, err = client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: tr.Status.Token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if review.Status.Authenticated || !strings.Contains(review.Status.Error, `serviceaccounts "robot" not found`) {
		t.Errorf("token review after deletion = %+v, want unauthenticated, service account not found", review.Status)
	}

	// A service account recreated under the same name is another account: old tokens stay dead.
	createServiceAccount(t, client, "sa-token", "robot")
	if _, err := whoami(userClient(t, server, tr.Status.Token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami after the service account was recreated: err = %v, want 401", err)
	}
}

func TestTokenRequestErrors(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "sa-token-errors")
	createServiceAccount(t, client, "sa-token-errors", "robot")

	_, err := requestToken(client, "sa-token-errors", "robot", authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr(int64(599))})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("599s: err = %v, want 422", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if want := `TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes`; status.Message != want {
		t.Errorf("message = %q, want %q", status.Message, want)
	}
	if c := status.Details.Causes; len(c) != 1 || c[0].Field != "spec.expirationSeconds" || c[0].Type != metav1.CauseTypeFieldValueInvalid {
		t.Errorf("causes = %+v", c)
	}

	_, err = requestToken(client, "sa-token-errors", "nobody", authenticationv1.TokenRequestSpec{})
	if !apierrors.IsNotFound(err) || err.Error() != `serviceaccounts "nobody" not found` {
		t.Errorf("missing account: err = %v, want 404 serviceaccounts \"nobody\" not found", err)
	}

	for name, tc := range map[string]struct {
		ref  authenticationv1.BoundObjectReference
		is   func(error) bool
		want string
	}{
		"unsupported kind": {
			ref: authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "c"},
			is:  apierrors.IsBadRequest, want: "cannot bind token to object of type /v1, Kind=ConfigMap",
		},
		"missing pod": {
			ref: authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: "gone"},
			is:  apierrors.IsNotFound, want: `pods "gone" not found`,
		},
		"missing secret": {
			ref: authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Secret", Name: "gone"},
			is:  apierrors.IsNotFound, want: `secrets "gone" not found`,
		},
		"missing node": {
			ref: authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Node", Name: "gone"},
			is:  apierrors.IsNotFound, want: `nodes "gone" not found`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			ref := tc.ref
			_, err := requestToken(client, "sa-token-errors", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &ref})
			if !tc.is(err) || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTokenRequestBoundToPodAndNode(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	createNamespace(t, client, "sa-bound")
	createServiceAccount(t, client, "sa-bound", "robot")
	node, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "sa-bound-node"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, node.Name, metav1.DeleteOptions{}) })
	pod := simplePod("web", "nginx")
	pod.Spec.ServiceAccountName = "robot"
	pod.Spec.NodeName = node.Name
	pod, err = client.CoreV1().Pods("sa-bound").Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other := simplePod("other", "nginx")
	if _, err := client.CoreV1().Pods("sa-bound").Create(ctx, other, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	podRef := authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: "web"}
	_, err = requestToken(client, "sa-bound", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: "other"}})
	if !apierrors.IsBadRequest(err) || err.Error() != `cannot bind token for serviceaccount "robot" to pod running with different serviceaccount name.` {
		t.Errorf("pod of another account: err = %v", err)
	}
	wrongUID := podRef
	wrongUID.UID = "0000"
	_, err = requestToken(client, "sa-bound", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &wrongUID})
	if !apierrors.IsConflict(err) || !strings.Contains(err.Error(), "the UID in the bound object reference (0000) does not match the UID in record") {
		t.Errorf("stale pod UID: err = %v, want 409", err)
	}

	podRef.UID = pod.UID
	tr, err := requestToken(client, "sa-bound", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &podRef})
	if err != nil {
		t.Fatal(err)
	}
	user, err := whoami(userClient(t, server, tr.Status.Token))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"authentication.kubernetes.io/pod-name":  "web",
		"authentication.kubernetes.io/pod-uid":   string(pod.UID),
		"authentication.kubernetes.io/node-name": node.Name,
		"authentication.kubernetes.io/node-uid":  string(node.UID),
	} {
		if got := user.Extra[key]; len(got) != 1 || got[0] != want {
			t.Errorf("extra %s = %v, want %s", key, got, want)
		}
	}

	nodeTR, err := requestToken(client, "sa-bound", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID}})
	if err != nil {
		t.Fatal(err)
	}
	if user, err := whoami(userClient(t, server, nodeTR.Status.Token)); err != nil || user.Extra["authentication.kubernetes.io/node-name"][0] != node.Name {
		t.Errorf("node-bound whoami = %+v, %v", user, err)
	}

	if err := client.CoreV1().Pods("sa-bound").Delete(ctx, "web", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := whoami(userClient(t, server, tr.Status.Token))
		return apierrors.IsUnauthorized(err), nil
	})
	if err != nil {
		t.Errorf("the token of a deleted pod still authenticates")
	}
	if err := client.CoreV1().Nodes().Delete(ctx, node.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, nodeTR.Status.Token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami with the token of a deleted node: err = %v, want 401", err)
	}
}

func TestTokenReviewNeedsToken(t *testing.T) {
	client := jsonClient(t)
	_, err := client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{}, metav1.CreateOptions{})
	if !apierrors.IsBadRequest(err) || err.Error() != "token is required for TokenReview in authentication" {
		t.Errorf("empty token: err = %v, want 400", err)
	}
	review, err := client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: "garbage"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if review.Status.Authenticated || review.Status.Error != "invalid bearer token" || review.Status.User.Username != "" {
		t.Errorf("garbage token review = %+v, want unauthenticated with invalid bearer token", review.Status)
	}
}

func TestOpenIDDiscoveryPublishesVerifyingKeys(t *testing.T) {
	client := jsonClient(t)
	raw, err := client.CoreV1().RESTClient().Get().AbsPath("/.well-known/openid-configuration").DoRaw(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var config struct {
		Issuer  string   `json:"issuer"`
		JWKSURI string   `json:"jwks_uri"`
		Algs    []string `json:"id_token_signing_alg_values_supported"`
		Types   []string `json:"response_types_supported"`
		Subject []string `json:"subject_types_supported"`
	}
	if err := json.Unmarshal(raw, &config); err != nil {
		t.Fatal(err)
	}
	if config.Issuer != defaultIssuer || !strings.HasSuffix(config.JWKSURI, "/openid/v1/jwks") || config.JWKSURI != "https://"+advertisedAddress(t)+"/openid/v1/jwks" ||
		strings.Join(config.Algs, ",") != "RS256" || strings.Join(config.Types, ",") != "id_token" || strings.Join(config.Subject, ",") != "public" {
		t.Errorf("openid-configuration = %s", raw)
	}

	raw, err = client.CoreV1().RESTClient().Get().AbsPath("/openid/v1/jwks").DoRaw(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	createNamespace(t, client, "sa-oidc")
	waitForDefaultServiceAccount(t, client, "sa-oidc")
	tr, err := requestToken(client, "sa-oidc", "default", authenticationv1.TokenRequestSpec{})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.ParseSigned(tr.Status.Token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	keys := set.Key(tok.Headers[0].KeyID)
	if len(keys) != 1 {
		t.Fatalf("jwks has %d keys with the token's kid %q", len(keys), tok.Headers[0].KeyID)
	}
	var claims jwt.Claims
	if err := tok.Claims(keys[0].Key, &claims); err != nil {
		t.Fatalf("the published key does not verify a token: %v", err)
	}
	if claims.Issuer != defaultIssuer || claims.Subject != "system:serviceaccount:sa-oidc:default" {
		t.Errorf("claims = %+v", claims)
	}
}

// advertisedAddress returns the host:port the shared server advertises, as its kubernetes Endpoints
// list it.
func advertisedAddress(t *testing.T) string {
	t.Helper()
	var endpoints *corev1.Endpoints
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		var err error
		endpoints, err = jsonClient(t).CoreV1().Endpoints(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
		return err == nil && len(endpoints.Subsets) == 1 && len(endpoints.Subsets[0].Addresses) == 1, nil
	})
	if err != nil {
		t.Fatalf("the kubernetes endpoints never listed one address: %+v", endpoints)
	}
	subset := endpoints.Subsets[0]
	return net.JoinHostPort(subset.Addresses[0].IP, strconv.Itoa(int(subset.Ports[0].Port)))
}

// TestTokenRequestBoundToSecret binds a token to a Secret: it authenticates while the Secret exists
// and is refused once the Secret is deleted.
func TestTokenRequestBoundToSecret(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	createNamespace(t, client, "sa-secret-bound")
	createServiceAccount(t, client, "sa-secret-bound", "robot")
	secret, err := client.CoreV1().Secrets("sa-secret-bound").Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "session"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref := authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Secret", Name: "session", UID: secret.UID}
	tr, err := requestToken(client, "sa-secret-bound", "robot", authenticationv1.TokenRequestSpec{BoundObjectRef: &ref})
	if err != nil {
		t.Fatal(err)
	}
	user, err := whoami(userClient(t, server, tr.Status.Token))
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "system:serviceaccount:sa-secret-bound:robot" {
		t.Errorf("whoami = %q, want the robot service account", user.Username)
	}
	if err := client.CoreV1().Secrets("sa-secret-bound").Delete(ctx, "session", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, tr.Status.Token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami after the bound secret was deleted: err = %v, want 401", err)
	}
}
