package serviceaccount

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/authenticator"
)

const testIssuer = "https://kubernetes.default.svc.cluster.local"

// objects is a Getter over fixed objects.
type objects struct {
	sas     map[string]*corev1.ServiceAccount
	pods    map[string]*corev1.Pod
	nodes   map[string]*corev1.Node
	secrets map[string]*corev1.Secret
}

func (o objects) GetServiceAccount(_ context.Context, ns, name string) (*corev1.ServiceAccount, error) {
	if sa, ok := o.sas[ns+"/"+name]; ok {
		return sa, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("serviceaccounts"), name)
}

func (o objects) GetPod(_ context.Context, ns, name string) (*corev1.Pod, error) {
	if p, ok := o.pods[ns+"/"+name]; ok {
		return p, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("pods"), name)
}

func (o objects) GetSecret(_ context.Context, ns, name string) (*corev1.Secret, error) {
	if s, ok := o.secrets[ns+"/"+name]; ok {
		return s, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("secrets"), name)
}

func (o objects) GetNode(_ context.Context, name string) (*corev1.Node, error) {
	if n, ok := o.nodes[name]; ok {
		return n, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("nodes"), name)
}

var (
	testSA   = &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "builder", UID: "sa-uid"}}
	testPod  = &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", UID: "pod-uid"}}
	testNode = &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", UID: "node-uid"}}
)

func testObjects() objects {
	return objects{
		sas:   map[string]*corev1.ServiceAccount{"ns/builder": testSA},
		pods:  map[string]*corev1.Pod{"ns/web": testPod},
		nodes: map[string]*corev1.Node{"n1": testNode},
	}
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func issue(t *testing.T, key crypto.Signer, bound BoundObjects, now time.Time, auds ...string) string {
	t.Helper()
	g, err := NewGenerator(testIssuer, key)
	if err != nil {
		t.Fatal(err)
	}
	public, private := Claims(testSA, bound, now, 3600, 0, auds)
	tok, err := g.GenerateToken(context.Background(), public, private)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// staticKeys returns a getter for keys.
func staticKeys(t *testing.T, keys ...crypto.PublicKey) PublicKeysGetter {
	t.Helper()
	g, err := NewStaticPublicKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func decodeSegment(t *testing.T, tok string, i int) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[i])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTokenCarriesUpstreamClaims(t *testing.T) {
	key := rsaKey(t)
	now := time.Unix(1700000000, 0)
	tok := issue(t, key, BoundObjects{Pod: testPod, Node: testNode}, now, "api")

	kid, err := KeyID(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"alg": "RS256", "kid": kid}, decodeSegment(t, tok, 0)); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	claims := decodeSegment(t, tok, 1)
	jti, _ := claims["jti"].(string)
	if len(jti) != 36 {
		t.Errorf("jti = %q, want a UUID", jti)
	}
	delete(claims, "jti")
	want := map[string]any{
		"iss": testIssuer,
		"sub": "system:serviceaccount:ns:builder",
		"aud": []any{"api"},
		"iat": float64(1700000000),
		"nbf": float64(1700000000),
		"exp": float64(1700003600),
		"kubernetes.io": map[string]any{
			"namespace":      "ns",
			"serviceaccount": map[string]any{"name": "builder", "uid": "sa-uid"},
			"pod":            map[string]any{"name": "web", "uid": "pod-uid"},
			"node":           map[string]any{"name": "n1", "uid": "node-uid"},
		},
	}
	if diff := cmp.Diff(want, claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
}

func TestKeyIDIsHashOfPublicKey(t *testing.T) {
	key := rsaKey(t)
	a, _ := KeyID(key.Public())
	b, _ := KeyID(rsaKey(t).Public())
	if len(a) != 43 || a == b {
		t.Errorf("KeyID = %q and %q, want two distinct unpadded base64url SHA-256 sums", a, b)
	}
}

func TestAuthenticateToken(t *testing.T) {
	key := rsaKey(t)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	otherIssuer, err := NewGenerator("https://elsewhere", key)
	if err != nil {
		t.Fatal(err)
	}
	pub, priv := Claims(testSA, BoundObjects{}, now, 3600, 0, []string{"api"})
	foreign, err := otherIssuer.GenerateToken(context.Background(), pub, priv)
	if err != nil {
		t.Fatal(err)
	}

	deletedPod := testObjects()
	delete(deletedPod.pods, "ns/web")
	recreatedSA := testObjects()
	recreatedSA.sas["ns/builder"] = &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "builder", UID: "new-uid"}}
	deletedNode := testObjects()
	delete(deletedNode.nodes, "n1")

	for name, tc := range map[string]struct {
		token    string
		getter   Getter
		auds     authenticator.Audiences
		wantOK   bool
		wantErr  string
		wantUser string
		wantXtra map[string][]string
	}{
		"valid": {
			token: issue(t, key, BoundObjects{}, now, "api"), getter: testObjects(), wantOK: true,
			wantUser: "system:serviceaccount:ns:builder",
		},
		"ecdsa key": {
			token: issue(t, ecKey, BoundObjects{}, now, "api"), getter: testObjects(), wantOK: true,
			wantUser: "system:serviceaccount:ns:builder",
		},
		"pod bound": {
			token: issue(t, key, BoundObjects{Pod: testPod, Node: testNode}, now, "api"), getter: testObjects(), wantOK: true,
			wantUser: "system:serviceaccount:ns:builder",
			wantXtra: map[string][]string{
				"authentication.kubernetes.io/pod-name":  {"web"},
				"authentication.kubernetes.io/pod-uid":   {"pod-uid"},
				"authentication.kubernetes.io/node-name": {"n1"},
				"authentication.kubernetes.io/node-uid":  {"node-uid"},
			},
		},
		"other issuer is not ours": {token: foreign, getter: testObjects()},
		"not a jwt":                {token: "abc", getter: testObjects()},
		"expired": {
			token: issue(t, key, BoundObjects{}, now.Add(-2*time.Hour), "api"), getter: testObjects(),
			wantErr: "service account token has expired",
		},
		"wrong audience": {
			token: issue(t, key, BoundObjects{}, now, "vault"), getter: testObjects(),
			wantErr: `token audiences ["vault"] is invalid for the target audiences ["api"]`,
		},
		"requested audience": {
			token: issue(t, key, BoundObjects{}, now, "vault"), getter: testObjects(), auds: authenticator.Audiences{"vault"}, wantOK: true,
			wantUser: "system:serviceaccount:ns:builder",
		},
		"deleted service account": {
			token: issue(t, key, BoundObjects{}, now, "api"), getter: objects{},
			wantErr: `serviceaccounts "builder" not found`,
		},
		"recreated service account": {
			token: issue(t, key, BoundObjects{}, now, "api"), getter: recreatedSA,
			wantErr: "service account UID (new-uid) does not match claim (sa-uid)",
		},
		"deleted pod": {
			token: issue(t, key, BoundObjects{Pod: testPod}, now, "api"), getter: deletedPod,
			wantErr: "service account token has been invalidated",
		},
		"deleted node of node-bound token": {
			token: issue(t, key, BoundObjects{Node: testNode}, now, "api"), getter: deletedNode,
			wantErr: "service account token has been invalidated",
		},
		"deleted secret": {
			token: issue(t, key, BoundObjects{Secret: &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s", UID: "u"}}}, now, "api"), getter: testObjects(),
			wantErr: "service account token has been invalidated",
		},
		"unknown key": {
			token: issue(t, rsaKey(t), BoundObjects{}, now, "api"), getter: testObjects(),
			wantErr: "error in cryptographic primitive",
		},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := NewAuthenticator([]string{testIssuer}, staticKeys(t, key.Public(), ecKey.Public()), authenticator.Audiences{"api"}, tc.getter, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tc.auds != nil {
				ctx = authenticator.WithAudiences(ctx, tc.auds)
			}
			resp, ok, err := a.AuthenticateToken(ctx, tc.token)
			if ok != tc.wantOK {
				t.Errorf("ok = %v, want %v", ok, tc.wantOK)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if !ok {
				return
			}
			u := resp.User
			if u.GetName() != tc.wantUser || u.GetUID() != "sa-uid" {
				t.Errorf("user = %q uid %q, want %q uid sa-uid", u.GetName(), u.GetUID(), tc.wantUser)
			}
			if diff := cmp.Diff([]string{"system:serviceaccounts", "system:serviceaccounts:ns"}, u.GetGroups()); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			extra := u.GetExtra()
			if !strings.HasPrefix(extra["authentication.kubernetes.io/credential-id"][0], "JTI=") {
				t.Errorf("credential-id = %v, want JTI=<uuid>", extra["authentication.kubernetes.io/credential-id"])
			}
			delete(extra, "authentication.kubernetes.io/credential-id")
			if len(extra) == 0 {
				extra = nil
			}
			if diff := cmp.Diff(tc.wantXtra, extra); diff != "" {
				t.Errorf("extra (-want +got):\n%s", diff)
			}
		})
	}
}
