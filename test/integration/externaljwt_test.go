package integration

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	externaljwtv1 "k8s.io/externaljwt/apis/v1"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// testSigner is an ExternalJWTSigner plugin on a unix socket: it holds RSA keys, signs with the
// newest one and publishes all of them, asking to be asked again every second.
type testSigner struct {
	externaljwtv1.UnimplementedExternalJWTSignerServer
	socket string

	mu sync.Mutex
	// keys are newest first.
	keys    []signerKey
	updated time.Time
}

type signerKey struct {
	id  string
	key *rsa.PrivateKey
}

// testSignerMaxExpiration is the longest token the plugin signs, as its Metadata says.
const testSignerMaxExpiration = 2 * time.Hour

// startTestSigner serves the plugin, with one key named firstKeyID, until the test ends.
func startTestSigner(t *testing.T, firstKeyID string) *testSigner {
	t.Helper()
	s := &testSigner{socket: filepath.Join(t.TempDir(), "signer.sock")}
	s.rotate(t, firstKeyID)
	listener, err := net.Listen("unix", s.socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	externaljwtv1.RegisterExternalJWTSignerServer(srv, s)
	go func() { _ = srv.Serve(listener) }()
	t.Cleanup(srv.Stop)
	return s
}

// rotate makes a new key named id the one the plugin signs with.
func (s *testSigner) rotate(t *testing.T, id string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append([]signerKey{{id: id, key: key}}, s.keys...)
	s.updated = time.Now()
}

// publicKey returns the public half of the key named id.
func (s *testSigner) publicKey(id string) *rsa.PublicKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.keys {
		if k.id == id {
			return &k.key.PublicKey
		}
	}
	return nil
}

func (s *testSigner) Sign(_ context.Context, req *externaljwtv1.SignJWTRequest) (*externaljwtv1.SignJWTResponse, error) {
	s.mu.Lock()
	current := s.keys[0]
	s.mu.Unlock()
	header, err := json.Marshal(map[string]string{"alg": "RS256", "kid": current.id, "typ": "JWT"})
	if err != nil {
		return nil, err
	}
	encodedHeader := base64.RawURLEncoding.EncodeToString(header)
	digest := sha256.Sum256([]byte(encodedHeader + "." + req.Claims))
	signature, err := rsa.SignPKCS1v15(rand.Reader, current.key, crypto.SHA256, digest[:])
	if err != nil {
		return nil, err
	}
	return &externaljwtv1.SignJWTResponse{Header: encodedHeader, Signature: base64.RawURLEncoding.EncodeToString(signature)}, nil
}

func (s *testSigner) FetchKeys(context.Context, *externaljwtv1.FetchKeysRequest) (*externaljwtv1.FetchKeysResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := &externaljwtv1.FetchKeysResponse{DataTimestamp: timestamppb.New(s.updated), RefreshHintSeconds: 1}
	for _, k := range s.keys {
		der, err := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
		if err != nil {
			return nil, err
		}
		resp.Keys = append(resp.Keys, &externaljwtv1.Key{KeyId: k.id, Key: der})
	}
	return resp, nil
}

func (s *testSigner) Metadata(context.Context, *externaljwtv1.MetadataRequest) (*externaljwtv1.MetadataResponse, error) {
	return &externaljwtv1.MetadataResponse{MaxTokenExpirationSeconds: int64(testSignerMaxExpiration / time.Second)}, nil
}

// TestExternalJWTSigner runs kapi with --service-account-signing-endpoint: the plugin signs the
// TokenRequest and Secret-based tokens, its keys verify them and are published, a key it rotates
// in is published within its refresh hint, and its maximum token lifetime caps the flag's.
func TestExternalJWTSigner(t *testing.T) {
	signer := startTestSigner(t, "key-1")
	endpoint := "--service-account-signing-endpoint=" + signer.socket
	expectStartError(t, []string{endpoint, "--service-account-max-token-expiration=3h"},
		"service-account-max-token-expiration cannot be set longer than the token expiration supported by service-account-signing-endpoint: 3h0m0s > 2h0m0s")

	s := startServer(t, endpoint)
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	createNamespace(t, admin, "signed")

	tr, err := requestToken(admin, "signed", "default", authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr[int64](3 * 3600)})
	if err != nil {
		t.Fatal(err)
	}
	claims := verifySignedBy(t, tr.Status.Token, "key-1", signer)
	if claims.Issuer != defaultIssuer || claims.Expiry.Time().Sub(claims.IssuedAt.Time()) != testSignerMaxExpiration {
		t.Errorf("claims = %+v, want issuer %s and the signer's 2h lifetime", claims, defaultIssuer)
	}
	expectServiceAccount(t, s, tr.Status.Token, "system:serviceaccount:signed:default")
	if ids, maxAge := publishedKeys(t, s); !slices.Equal(ids, []string{"key-1"}) || maxAge > 1 {
		t.Errorf("/openid/v1/jwks has keys %q for %d seconds, want key-1 until the signer's 1s refresh hint", ids, maxAge)
	}

	createTokenSecret(t, admin, "signed", "default-token", "default")
	secret := waitForSecret(t, admin, "signed", "default-token", "no token", func(s *corev1.Secret, err error) bool {
		return err == nil && len(s.Data[corev1.ServiceAccountTokenKey]) > 0
	})
	legacy := string(secret.Data[corev1.ServiceAccountTokenKey])
	if claims := verifySignedBy(t, legacy, "key-1", signer); claims.Issuer != "kubernetes/serviceaccount" {
		t.Errorf("Secret-based token issuer = %q", claims.Issuer)
	}
	expectServiceAccount(t, s, legacy, "system:serviceaccount:signed:default")

	signer.rotate(t, "key-2")
	eventually(t, func() error {
		if ids, _ := publishedKeys(t, s); !slices.Equal(ids, []string{"key-2", "key-1"}) {
			return fmt.Errorf("/openid/v1/jwks has keys %q, want key-2 and key-1", ids)
		}
		return nil
	})
	rotated, err := requestToken(admin, "signed", "default", authenticationv1.TokenRequestSpec{})
	if err != nil {
		t.Fatal(err)
	}
	verifySignedBy(t, rotated.Status.Token, "key-2", signer)
	expectServiceAccount(t, s, rotated.Status.Token, "system:serviceaccount:signed:default")
	expectServiceAccount(t, s, tr.Status.Token, "system:serviceaccount:signed:default")
}

// verifySignedBy checks that token's header names kid and that the plugin's key of that name
// verifies it, and returns its registered claims.
func verifySignedBy(t *testing.T, token, kid string, signer *testSigner) jwt.Claims {
	t.Helper()
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	if got := tok.Headers[0].KeyID; got != kid {
		t.Fatalf("token kid = %q, want %q", got, kid)
	}
	var claims jwt.Claims
	if err := tok.Claims(signer.publicKey(kid), &claims); err != nil {
		t.Fatalf("the plugin's key %s does not verify the token: %v", kid, err)
	}
	return claims
}

// expectServiceAccount checks that token authenticates to s as user.
func expectServiceAccount(t *testing.T, s *testserver.Server, token, user string) {
	t.Helper()
	info, err := whoami(kubernetes.NewForConfigOrDie(tokenServer{s.ClientConfig}.Config(token)))
	if err != nil {
		t.Fatal(err)
	}
	if info.Username != user {
		t.Errorf("token authenticates as %q, want %q", info.Username, user)
	}
}

// publishedKeys returns the key ids of s's /openid/v1/jwks and how many seconds it may be cached.
func publishedKeys(t *testing.T, s *testserver.Server) ([]string, int) {
	t.Helper()
	client, err := rest.HTTPClientFor(s.ClientConfig)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(s.URL() + "/openid/v1/jwks")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/openid/v1/jwks: %d %s %v", resp.StatusCode, body, err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range set.Keys {
		ids = append(ids, k.KeyID)
	}
	maxAge, err := strconv.Atoi(strings.TrimPrefix(resp.Header.Get("Cache-Control"), "public, max-age="))
	if err != nil {
		t.Fatalf("Cache-Control = %q", resp.Header.Get("Cache-Control"))
	}
	return ids, maxAge
}
