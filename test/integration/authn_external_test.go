package integration

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	authenticationv1 "k8s.io/api/authentication/v1"
	authenticationv1beta1 "k8s.io/api/authentication/v1beta1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// jwtIssuer is an OpenID Connect provider on 127.0.0.1: it serves its discovery document and key
// set, and signs the ID tokens a test asks for.
type jwtIssuer struct {
	*httptest.Server
	key *rsa.PrivateKey
}

func startJWTIssuer(t *testing.T) *jwtIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	i := &jwtIssuer{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": i.URL, "jwks_uri": i.URL + "/keys"})
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "key-1", Algorithm: "RS256", Use: "sig"}}})
	})
	i.Server = httptest.NewTLSServer(mux)
	t.Cleanup(i.Close)
	return i
}

// caPEM is the CA that signed the issuer's serving certificate.
func (i *jwtIssuer) caPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: i.Certificate().Raw}))
}

// token signs claims for audience, valid for an hour.
func (i *jwtIssuer) token(t *testing.T, audience string, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: i.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "key-1"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	std := jwt.Claims{Issuer: i.URL, Audience: jwt.Audience{audience}, IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Hour))}
	tok, err := jwt.Signed(signer).Claims(std).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// tokenWebhook is a token authentication webhook on 127.0.0.1 that knows one token, of carol, and
// counts the reviews it answers.
type tokenWebhook struct {
	*httptest.Server
	reviews atomic.Int32
}

func startTokenWebhook(t *testing.T) *tokenWebhook {
	t.Helper()
	w := &tokenWebhook{}
	w.Server = httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		w.reviews.Add(1)
		var review authenticationv1beta1.TokenReview
		if err := json.NewDecoder(req.Body).Decode(&review); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		if review.APIVersion != "authentication.k8s.io/v1beta1" || review.Kind != "TokenReview" {
			http.Error(rw, "want an authentication.k8s.io/v1beta1 TokenReview, got "+review.APIVersion+" "+review.Kind, http.StatusBadRequest)
			return
		}
		if review.Spec.Token == "carol-webhook-token" {
			review.Status = authenticationv1beta1.TokenReviewStatus{Authenticated: true, User: authenticationv1beta1.UserInfo{
				Username: "carol", UID: "carol-1", Groups: []string{"webhook-users"}, Extra: map[string]authenticationv1beta1.ExtraValue{"example.com/desk": {"7"}},
			}}
		}
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(review)
	}))
	t.Cleanup(w.Close)
	return w
}

// webhookKubeconfig writes the kubeconfig kapi reaches a webhook server with.
func webhookKubeconfig(t *testing.T, s *httptest.Server) string {
	t.Helper()
	ca := base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}))
	path := filepath.Join(t.TempDir(), "webhook.kubeconfig")
	writeFile(t, path, fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: webhook
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: kapi
contexts:
- name: webhook
  context: {cluster: webhook, user: kapi}
current-context: webhook
`, s.URL, ca))
	return path
}

// eventuallyWhoami retries whoami with token until it authenticates: a JWT authenticator is ready
// only once it has fetched its issuer's keys.
func eventuallyWhoami(t *testing.T, s tokenServer, token string) authenticationv1.UserInfo {
	t.Helper()
	var user authenticationv1.UserInfo
	eventually(t, func() (err error) {
		user, err = whoami(kubernetes.NewForConfigOrDie(s.Config(token)))
		return err
	})
	return user
}

// tokenServer gives a test server's config for a bearer token.
type tokenServer struct{ config *rest.Config }

func (s tokenServer) Config(token string) *rest.Config {
	c := rest.AnonymousClientConfig(s.config)
	c.BearerToken = token
	return c
}

// expectUnauthorized fails the test unless token gets a 401 from the server.
func expectUnauthorized(t *testing.T, s tokenServer, token, what string) {
	t.Helper()
	_, err := whoami(kubernetes.NewForConfigOrDie(s.Config(token)))
	if !apierrors.IsUnauthorized(err) {
		t.Errorf("%s: %v, want 401 Unauthorized", what, err)
	}
}

// TestAuthenticationFlags runs one kapi with every token authenticator kube-apiserver has flags for:
// an OIDC issuer, a token webhook, bootstrap tokens with their controllers, and Secret-based
// service-account tokens without --service-account-lookup.
func TestAuthenticationFlags(t *testing.T) {
	issuer := startJWTIssuer(t)
	webhook := startTokenWebhook(t)
	caFile := filepath.Join(t.TempDir(), "oidc-ca.crt")
	writeFile(t, caFile, issuer.caPEM())
	s := startServer(t,
		"--oidc-issuer-url="+issuer.URL, "--oidc-client-id=kapi", "--oidc-ca-file="+caFile,
		"--oidc-groups-claim=groups", "--oidc-groups-prefix=oidc:", "--oidc-required-claim=hd=example.com",
		"--authentication-token-webhook-config-file="+webhookKubeconfig(t, webhook.Server),
		"--enable-bootstrap-token-auth", "--controllers=*,bootstrapsigner,tokencleaner",
		"--service-account-lookup=false",
	)
	ts := tokenServer{s.ClientConfig}
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ctx := context.Background()

	t.Run("OIDC ID tokens", func(t *testing.T) {
		good := issuer.token(t, "kapi", map[string]any{"sub": "alice-id", "hd": "example.com", "groups": []string{"dev", "ops"}})
		user := eventuallyWhoami(t, ts, good)
		// Without --oidc-username-prefix, a username from a claim other than email carries the issuer.
		if want := issuer.URL + "#alice-id"; user.Username != want {
			t.Errorf("username = %q, want %q", user.Username, want)
		}
		if want := []string{"oidc:dev", "oidc:ops", "system:authenticated"}; !slices.Equal(user.Groups, want) {
			t.Errorf("groups = %v, want %v", user.Groups, want)
		}
		expectUnauthorized(t, ts, issuer.token(t, "kapi", map[string]any{"sub": "alice-id", "hd": "other.com"}), "a token without the required claim")
		expectUnauthorized(t, ts, issuer.token(t, "someone-else", map[string]any{"sub": "alice-id", "hd": "example.com"}), "a token for another client")
	})

	t.Run("token webhook", func(t *testing.T) {
		user := eventuallyWhoami(t, ts, "carol-webhook-token")
		if user.Username != "carol" || user.UID != "carol-1" || !slices.Equal(user.Groups, []string{"webhook-users", "system:authenticated"}) || user.Extra["example.com/desk"][0] != "7" {
			t.Errorf("webhook user = %+v", user)
		}
		before := webhook.reviews.Load()
		if _, err := whoami(kubernetes.NewForConfigOrDie(ts.Config("carol-webhook-token"))); err != nil {
			t.Fatal(err)
		}
		if after := webhook.reviews.Load(); after != before {
			t.Errorf("the webhook was asked %d more times within --authentication-token-webhook-cache-ttl", after-before)
		}
		expectUnauthorized(t, ts, "nobody-knows-this-token", "a token the webhook refuses")
	})

	t.Run("bootstrap tokens", func(t *testing.T) {
		bootstrapSecret := func(id, secret string, data map[string]string) *corev1.Secret {
			d := map[string]string{"token-id": id, "token-secret": secret, "usage-bootstrap-authentication": "true", "usage-bootstrap-signing": "true"}
			for k, v := range data {
				d[k] = v
			}
			return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "bootstrap-token-" + id}, Type: corev1.SecretTypeBootstrapToken, StringData: d}
		}
		for _, secret := range []*corev1.Secret{
			bootstrapSecret("abcdef", "0123456789abcdef", map[string]string{"auth-extra-groups": "system:bootstrappers:kubeadm:default-node-token"}),
			bootstrapSecret("expird", "0123456789abcdef", map[string]string{"expiration": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)}),
			bootstrapSecret("soonex", "0123456789abcdef", map[string]string{"expiration": time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339)}),
			bootstrapSecret("noauth", "0123456789abcdef", map[string]string{"usage-bootstrap-authentication": "false", "usage-bootstrap-signing": "false"}),
		} {
			if _, err := admin.CoreV1().Secrets(metav1.NamespaceSystem).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		user, err := whoami(kubernetes.NewForConfigOrDie(ts.Config("abcdef.0123456789abcdef")))
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"}; user.Username != "system:bootstrap:abcdef" || !slices.Equal(user.Groups, want) {
			t.Errorf("bootstrap user = %s %v, want system:bootstrap:abcdef %v", user.Username, user.Groups, want)
		}
		expectUnauthorized(t, ts, "abcdef.fedcba9876543210", "a bootstrap token with the wrong secret")
		expectUnauthorized(t, ts, "noauth.0123456789abcdef", "a bootstrap token not marked for authentication")
		expectUnauthorized(t, ts, "expird.0123456789abcdef", "an expired bootstrap token")

		for _, id := range []string{"expird", "soonex"} {
			eventually(t, func() error {
				_, err := admin.CoreV1().Secrets(metav1.NamespaceSystem).Get(ctx, "bootstrap-token-"+id, metav1.GetOptions{})
				if !apierrors.IsNotFound(err) {
					return fmt.Errorf("the token cleaner left bootstrap-token-%s: %v", id, err)
				}
				return nil
			})
		}

		const kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: ''\n  cluster:\n    server: https://127.0.0.1:6443\n"
		if _, err := admin.CoreV1().ConfigMaps(metav1.NamespacePublic).Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "cluster-info"}, Data: map[string]string{"kubeconfig": kubeconfig},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		var data map[string]string
		eventually(t, func() error {
			cm, err := admin.CoreV1().ConfigMaps(metav1.NamespacePublic).Get(ctx, "cluster-info", metav1.GetOptions{})
			if err != nil {
				return err
			}
			data = cm.Data
			if _, ok := data["jws-kubeconfig-abcdef"]; !ok || len(data) != 2 {
				return fmt.Errorf("cluster-info keys %v, want kubeconfig and jws-kubeconfig-abcdef", slices.Sorted(maps.Keys(data)))
			}
			return nil
		})
		checkDetachedJWS(t, data["jws-kubeconfig-abcdef"], kubeconfig, "abcdef", "0123456789abcdef")
	})

	t.Run("Secret-based service-account tokens without lookup", func(t *testing.T) {
		const ns = "sa-no-lookup"
		createNamespace(t, admin, ns)
		if _, err := admin.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "builder"}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		createTokenSecret(t, admin, ns, "builder-token", "builder")
		secret := waitForSecret(t, admin, ns, "builder-token", "has no token", func(s *corev1.Secret, err error) bool {
			return err == nil && len(s.Data[corev1.ServiceAccountTokenKey]) > 0
		})
		if err := admin.CoreV1().Secrets(ns).Delete(ctx, "builder-token", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		user, err := whoami(kubernetes.NewForConfigOrDie(ts.Config(string(secret.Data[corev1.ServiceAccountTokenKey]))))
		if err != nil {
			t.Fatalf("the token of a deleted Secret with --service-account-lookup=false: %v, want it accepted", err)
		}
		if user.Username != "system:serviceaccount:"+ns+":builder" {
			t.Errorf("username = %q", user.Username)
		}
	})
}

// checkDetachedJWS checks a detached JWS of content as kubeadm does: HS256 over the header and the
// content, keyed with the token secret, the header naming the token id.
func checkDetachedJWS(t *testing.T, sig, content, id, secret string) {
	t.Helper()
	parts := strings.Split(sig, ".")
	if len(parts) != 3 || parts[1] != "" {
		t.Fatalf("signature %q is not a detached compact JWS", sig)
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"alg":"HS256","kid":"` + id + `"}`; string(header) != want {
		t.Errorf("JWS header = %s, want %s", header, want)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(content))))
	if want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); parts[2] != want {
		t.Errorf("JWS signature = %s, want %s", parts[2], want)
	}
}

// TestAuthenticationConfig runs kapi with a structured AuthenticationConfiguration: a JWT
// authenticator whose CEL expressions map the claims and validate the claims and the user, and
// anonymous access limited to one path.
func TestAuthenticationConfig(t *testing.T) {
	issuer := startJWTIssuer(t)
	config := filepath.Join(t.TempDir(), "authentication.yaml")
	ca := "      " + strings.ReplaceAll(strings.TrimSpace(issuer.caPEM()), "\n", "\n      ")
	writeFile(t, config, fmt.Sprintf(`apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: %s
    audiences: [structured]
    certificateAuthority: |
%s
  claimValidationRules:
  - expression: 'claims.hd == "example.com"'
    message: the hd claim must be example.com
  - expression: claims.email_verified == true
    message: the email must be verified
  claimMappings:
    username:
      expression: '"jwt:" + claims.email'
    groups:
      expression: claims.roles
    uid:
      claim: sub
    extra:
    - key: example.com/team
      valueExpression: claims.team
  userValidationRules:
  - expression: "!user.username.startsWith('jwt:admin')"
    message: admins may not sign in with a JWT
anonymous:
  enabled: true
  conditions:
  - path: /livez
`, issuer.URL, ca))
	s := startServer(t, "--authentication-config="+config)
	ts := tokenServer{s.ClientConfig}

	token := issuer.token(t, "structured", map[string]any{"sub": "a-1", "email": "alice@example.com", "email_verified": true, "hd": "example.com", "roles": []string{"dev", "ops"}, "team": "storage"})
	user := eventuallyWhoami(t, ts, token)
	if user.Username != "jwt:alice@example.com" || user.UID != "a-1" || !slices.Equal(user.Groups, []string{"dev", "ops", "system:authenticated"}) || !slices.Equal(user.Extra["example.com/team"], []string{"storage"}) {
		t.Errorf("user = %+v", user)
	}
	expectUnauthorized(t, ts, issuer.token(t, "structured", map[string]any{"sub": "a-2", "email": "bob@example.com", "email_verified": true, "hd": "other.com", "roles": []string{"dev"}, "team": "x"}), "a token failing the claim validation rule")
	expectUnauthorized(t, ts, issuer.token(t, "structured", map[string]any{"sub": "a-3", "email": "admin@example.com", "email_verified": true, "hd": "example.com", "roles": []string{"dev"}, "team": "x"}), "a token failing the user validation rule")

	anonymous := rest.AnonymousClientConfig(s.ClientConfig)
	for path, want := range map[string]int{"/livez": http.StatusOK, "/readyz": http.StatusUnauthorized, "/version": http.StatusUnauthorized} {
		if got := statusOf(t, anonymous, path); got != want {
			t.Errorf("anonymous GET %s = %d, want %d", path, got, want)
		}
	}
}
