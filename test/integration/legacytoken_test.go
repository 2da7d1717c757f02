package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

const legacyTokenLastUsedLabel = "kubernetes.io/legacy-token-last-used"

// createTokenSecret creates a Secret asking for a long-lived token of account, as "Manually create a
// long-lived API token for a ServiceAccount" shows.
func createTokenSecret(t *testing.T, client kubernetes.Interface, namespace, name, account string) *corev1.Secret {
	t.Helper()
	s, err := client.CoreV1().Secrets(namespace).Create(context.Background(), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{corev1.ServiceAccountNameKey: account}},
		Type:       corev1.SecretTypeServiceAccountToken,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitForSecret polls a Secret until done accepts it.
func waitForSecret(t *testing.T, client kubernetes.Interface, namespace, name, what string, done func(*corev1.Secret, error) bool) *corev1.Secret {
	t.Helper()
	var s *corev1.Secret
	eventually(t, func() error {
		var err error
		s, err = client.CoreV1().Secrets(namespace).Get(context.Background(), name, metav1.GetOptions{})
		if !done(s, err) {
			return fmt.Errorf("secret %s/%s: %s (last get: %v)", namespace, name, what, err)
		}
		return nil
	})
	return s
}

// serverCA is the CA the admin kubeconfig trusts for the serving certificate.
func serverCA(t *testing.T) []byte {
	t.Helper()
	if ca := server.ClientConfig.CAData; len(ca) > 0 {
		return ca
	}
	ca, err := os.ReadFile(server.ClientConfig.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

func TestLegacyTokenSecretIsPopulatedAndAuthenticates(t *testing.T) {
	client := jsonClient(t)
	const ns = "legacytoken"
	createNamespace(t, client, ns)
	sa := createServiceAccount(t, client, ns, "builder")
	createTokenSecret(t, client, ns, "builder-token", "builder")

	secret := waitForSecret(t, client, ns, "builder-token", "no token", func(s *corev1.Secret, err error) bool {
		return err == nil && len(s.Data[corev1.ServiceAccountTokenKey]) > 0
	})
	if got := string(secret.Data[corev1.ServiceAccountNamespaceKey]); got != ns {
		t.Errorf("data.namespace = %q, want %q", got, ns)
	}
	if got := secret.Annotations[corev1.ServiceAccountUIDKey]; got != string(sa.UID) {
		t.Errorf("annotation %s = %q, want the account's UID %s", corev1.ServiceAccountUIDKey, got, sa.UID)
	}
	if !bytes.Equal(secret.Data[corev1.ServiceAccountRootCAKey], serverCA(t)) {
		t.Errorf("data.ca.crt = %q, want the CA of the server's certificate", secret.Data[corev1.ServiceAccountRootCAKey])
	}
	token := string(secret.Data[corev1.ServiceAccountTokenKey])
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"iss":                                    "kubernetes/serviceaccount",
		"sub":                                    "system:serviceaccount:legacytoken:builder",
		"kubernetes.io/serviceaccount/namespace": ns,
		"kubernetes.io/serviceaccount/secret.name":          "builder-token",
		"kubernetes.io/serviceaccount/service-account.name": "builder",
		"kubernetes.io/serviceaccount/service-account.uid":  string(sa.UID),
	}
	if len(claims) != len(want) {
		t.Errorf("claims = %v, want exactly %v", claims, want)
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}

	// What a pod would do with the mounted Secret: trust ca.crt, present the token.
	inPod := &rest.Config{Host: server.ClientConfig.Host, BearerToken: token}
	inPod.CAData = secret.Data[corev1.ServiceAccountRootCAKey]
	dayBefore := time.Now().UTC().Format("2006-01-02")
	user, err := whoami(kubernetes.NewForConfigOrDie(inPod))
	if err != nil {
		t.Fatal(err)
	}
	dayAfter := time.Now().UTC().Format("2006-01-02")
	if user.Username != "system:serviceaccount:legacytoken:builder" || user.UID != string(sa.UID) {
		t.Errorf("user = %q uid %q, want system:serviceaccount:legacytoken:builder uid %s", user.Username, user.UID, sa.UID)
	}
	if got := strings.Join(user.Groups, ","); got != "system:serviceaccounts,system:serviceaccounts:legacytoken,system:authenticated" {
		t.Errorf("groups = %s", got)
	}
	used, err := client.CoreV1().Secrets(ns).Get(context.Background(), "builder-token", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := used.Labels[legacyTokenLastUsedLabel]; got != dayBefore && got != dayAfter {
		t.Errorf("label %s = %q, want today (%s)", legacyTokenLastUsedLabel, got, dayAfter)
	}
	// Later uses the same day leave the Secret alone.
	if _, err := whoami(userClient(t, server, token)); err != nil {
		t.Fatal(err)
	}
	again, err := client.CoreV1().Secrets(ns).Get(context.Background(), "builder-token", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.ResourceVersion != used.ResourceVersion {
		t.Errorf("resourceVersion %s -> %s: the Secret was written again on the same day", used.ResourceVersion, again.ResourceVersion)
	}

	review, err := client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !review.Status.Authenticated || review.Status.User.Username != "system:serviceaccount:legacytoken:builder" || strings.Join(review.Status.Audiences, ",") != defaultIssuer {
		t.Errorf("token review = %+v, want authenticated as the account for %s", review.Status, defaultIssuer)
	}

	if err := client.CoreV1().ServiceAccounts(ns).Delete(context.Background(), "builder", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami after the account was deleted: err = %v, want 401", err)
	}
	waitForSecret(t, client, ns, "builder-token", "not deleted with its service account", func(_ *corev1.Secret, err error) bool {
		return apierrors.IsNotFound(err)
	})
}

func TestLegacyTokenStopsWhenSecretChanges(t *testing.T) {
	client := jsonClient(t)
	const ns = "legacytoken-change"
	createNamespace(t, client, ns)
	createServiceAccount(t, client, ns, "robot")
	createTokenSecret(t, client, ns, "robot-token", "robot")
	secret := waitForSecret(t, client, ns, "robot-token", "no token", func(s *corev1.Secret, err error) bool {
		return err == nil && len(s.Data[corev1.ServiceAccountTokenKey]) > 0
	})
	token := string(secret.Data[corev1.ServiceAccountTokenKey])
	if _, err := whoami(userClient(t, server, token)); err != nil {
		t.Fatalf("whoami with the fresh token: %v", err)
	}

	// Read it again: the use just labeled it.
	secret, err := client.CoreV1().Secrets(ns).Get(context.Background(), "robot-token", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	secret.Data[corev1.ServiceAccountTokenKey] = []byte("replaced")
	if _, err := client.CoreV1().Secrets(ns).Update(context.Background(), secret, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := whoami(userClient(t, server, token)); !apierrors.IsUnauthorized(err) {
		t.Errorf("whoami after the Secret's token was replaced: err = %v, want 401", err)
	}
	review, err := client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if review.Status.Authenticated || !strings.Contains(review.Status.Error, "Token does not match server's copy") {
		t.Errorf("token review = %+v, want unauthenticated: Token does not match server's copy", review.Status)
	}

	if err := client.CoreV1().Secrets(ns).Delete(context.Background(), "robot-token", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	review, err = client.AuthenticationV1().TokenReviews().Create(context.Background(), &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: token}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if review.Status.Authenticated || !strings.Contains(review.Status.Error, "Token has been invalidated") {
		t.Errorf("token review after the Secret was deleted = %+v, want unauthenticated: Token has been invalidated", review.Status)
	}
}

func TestLegacyTokenSecretOfMissingServiceAccountIsDeleted(t *testing.T) {
	client := jsonClient(t)
	const ns = "legacytoken-orphan"
	createNamespace(t, client, ns)
	createTokenSecret(t, client, ns, "ghost-token", "ghost")
	waitForSecret(t, client, ns, "ghost-token", "a token Secret of a missing account was kept", func(_ *corev1.Secret, err error) bool {
		return apierrors.IsNotFound(err)
	})
}

func TestLegacyTokenTrackingConfigMap(t *testing.T) {
	client := jsonClient(t)
	var cm *corev1.ConfigMap
	eventually(t, func() error {
		var err error
		cm, err = client.CoreV1().ConfigMaps("kube-system").Get(context.Background(), "kube-apiserver-legacy-service-account-token-tracking", metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("no kube-system/kube-apiserver-legacy-service-account-token-tracking ConfigMap: %w", err)
		}
		return nil
	})
	since, err := time.Parse("2006-01-02", cm.Data["since"])
	if err != nil || len(cm.Data) != 1 || since.After(time.Now().UTC()) {
		t.Errorf("data = %v, want only since: <a UTC day, not after today>", cm.Data)
	}

	// A value that is not a day is replaced by today.
	cm.Data["since"] = "yesterday"
	if _, err := client.CoreV1().ConfigMaps("kube-system").Update(context.Background(), cm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextTimeout(context.Background(), 50*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		cm, err = client.CoreV1().ConfigMaps("kube-system").Get(ctx, "kube-apiserver-legacy-service-account-token-tracking", metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		_, err := time.Parse("2006-01-02", cm.Data["since"])
		return err == nil, nil
	})
	if err != nil {
		t.Errorf("since = %q, want it repaired to today", cm.Data["since"])
	}
}
