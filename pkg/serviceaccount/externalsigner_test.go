package serviceaccount

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	externaljwtv1 "k8s.io/externaljwt/apis/v1"
)

// plugin is an ExternalJWTSigner on a unix socket whose answers a test sets.
type plugin struct {
	externaljwtv1.UnimplementedExternalJWTSignerServer
	key *rsa.PrivateKey
	// der is the public key, as FetchKeys publishes it.
	der []byte

	mu sync.Mutex
	// header is the JSON header Sign returns.
	header string
	keys   *externaljwtv1.FetchKeysResponse
	// fetches counts the FetchKeys calls.
	fetches int
}

// startPlugin serves a plugin publishing its key as "k1" until the test ends.
func startPlugin(t *testing.T) (*plugin, string) {
	t.Helper()
	key := rsaKey(t)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	p := &plugin{key: key, der: der, header: `{"alg":"RS256","kid":"k1","typ":"JWT"}`}
	p.keys = p.publish("k1", false)
	socket := filepath.Join(t.TempDir(), "s.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	externaljwtv1.RegisterExternalJWTSignerServer(srv, p)
	go func() { _ = srv.Serve(listener) }()
	t.Cleanup(srv.Stop)
	return p, socket
}

// publish is a FetchKeys answer listing the plugin's key as id.
func (p *plugin) publish(id string, excluded bool) *externaljwtv1.FetchKeysResponse {
	return &externaljwtv1.FetchKeysResponse{
		Keys:               []*externaljwtv1.Key{{KeyId: id, Key: p.der, ExcludeFromOidcDiscovery: excluded}},
		DataTimestamp:      timestamppb.Now(),
		RefreshHintSeconds: 3600,
	}
}

func (p *plugin) set(header string, keys *externaljwtv1.FetchKeysResponse) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.header, p.keys = header, keys
}

func (p *plugin) Sign(_ context.Context, req *externaljwtv1.SignJWTRequest) (*externaljwtv1.SignJWTResponse, error) {
	p.mu.Lock()
	header := base64.RawURLEncoding.EncodeToString([]byte(p.header))
	p.mu.Unlock()
	digest := sha256.Sum256([]byte(header + "." + req.Claims))
	sig, err := rsa.SignPKCS1v15(rand.Reader, p.key, crypto.SHA256, digest[:])
	if err != nil {
		return nil, err
	}
	return &externaljwtv1.SignJWTResponse{Header: header, Signature: base64.RawURLEncoding.EncodeToString(sig)}, nil
}

func (p *plugin) FetchKeys(context.Context, *externaljwtv1.FetchKeysRequest) (*externaljwtv1.FetchKeysResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fetches++
	return p.keys, nil
}

func (p *plugin) fetchCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fetches
}

func startSigner(t *testing.T, socket string) *ExternalSigner {
	t.Helper()
	s, err := StartExternalSigner(socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestExternalSignerRefusesBadKeys(t *testing.T) {
	for want, mutate := range map[string]func(*externaljwtv1.FetchKeysResponse){
		"found invalid refresh hint (0s)": func(r *externaljwtv1.FetchKeysResponse) { r.RefreshHintSeconds = 0 },
		"found no keys":                   func(r *externaljwtv1.FetchKeysResponse) { r.Keys = nil },
		"invalid data timestamp":          func(r *externaljwtv1.FetchKeysResponse) { r.DataTimestamp = nil },
		`found invalid public key id ""`:  func(r *externaljwtv1.FetchKeysResponse) { r.Keys[0].KeyId = "" },
		"found empty public key":          func(r *externaljwtv1.FetchKeysResponse) { r.Keys[0].Key = nil },
		"while parsing external public keys": func(r *externaljwtv1.FetchKeysResponse) {
			r.Keys[0].Key = []byte("not DER")
		},
	} {
		p, socket := startPlugin(t)
		keys := p.publish("k1", false)
		mutate(keys)
		p.set(p.header, keys)
		if _, err := StartExternalSigner(socket); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want one containing %q", err, want)
		}
	}
}

func TestExternalSignerChecksHeader(t *testing.T) {
	for header, want := range map[string]string{
		`{"alg":"RS256","kid":"k1","typ":"JWT"}`:           "",
		`{"alg":"RS256","kid":"k1","typ":"JWT","x5u":"u"}`: `while validating header: while parsing header JSON: json: unknown field "x5u"`,
		`{"alg":"RS256","kid":"k1"}`:                       "while validating header: bad type",
		`{"alg":"RS256","typ":"JWT"}`:                      "while validating header: key id missing",
		`{"alg":"HS256","kid":"k1","typ":"JWT"}`:           `while validating header: bad signing algorithm "HS256"`,
	} {
		p, socket := startPlugin(t)
		g := NewExternalGenerator(testIssuer, startSigner(t, socket))
		p.set(header, p.keys)
		public, private := Claims(testSA, BoundObjects{}, time.Now(), 3600, 0, []string{"api"})
		tok, err := g.GenerateToken(context.Background(), public, private)
		switch {
		case want == "" && err != nil:
			t.Errorf("header %s: %v", header, err)
		case want == "" && !strings.HasPrefix(tok, base64.RawURLEncoding.EncodeToString([]byte(header))+"."):
			t.Errorf("header %s: token %s does not start with it", header, tok)
		case want != "" && (err == nil || err.Error() != want):
			t.Errorf("header %s: err = %v, want %q", header, err, want)
		}
	}
}

func TestExternalSignerWillNotSignWithExcludedKey(t *testing.T) {
	p, socket := startPlugin(t)
	p.set(p.header, p.publish("k1", true))
	g := NewExternalGenerator(testIssuer, startSigner(t, socket))
	public, private := Claims(testSA, BoundObjects{}, time.Now(), 3600, 0, []string{"api"})
	_, err := g.GenerateToken(context.Background(), public, private)
	if want := "while validating header: key used for signing JWT (kid: k1) is excluded from OIDC discovery docs"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestExternalSignerKeysFollowTokens verifies a token signed with a key the signer published after
// the verifier's last fetch: the unknown key id makes the verifier fetch the keys again, once.
func TestExternalSignerKeysFollowTokens(t *testing.T) {
	p, socket := startPlugin(t)
	verifier := startSigner(t, socket)
	a, err := NewAuthenticator([]string{testIssuer}, verifier.PublicKeys(), authenticator.Audiences{"api"}, testObjects(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p.set(`{"alg":"RS256","kid":"k2","typ":"JWT"}`, p.publish("k2", false))
	// Another server's signer, which knows k2 from its own fetch, issues the token.
	public, private := Claims(testSA, BoundObjects{}, time.Now(), 3600, 0, []string{"api"})
	tok, err := NewExternalGenerator(testIssuer, startSigner(t, socket)).GenerateToken(context.Background(), public, private)
	if err != nil {
		t.Fatal(err)
	}
	before := p.fetchCount()
	if _, ok, err := a.AuthenticateToken(context.Background(), tok); !ok || err != nil {
		t.Fatalf("ok = %v, err = %v", ok, err)
	}
	if got := p.fetchCount() - before; got != 1 {
		t.Errorf("the verifier fetched the keys %d times, want once", got)
	}
	if keys := verifier.PublicKeys().GetPublicKeys(context.Background(), ""); len(keys) != 1 || keys[0].KeyID != "k2" {
		t.Errorf("keys = %+v, want k2 alone", keys)
	}
}
