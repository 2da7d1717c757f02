package serviceaccount

import (
	"context"
	"crypto"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/authenticator"
)

// labels records the labels the authenticator sets.
type labels map[string]string

func (l labels) LabelSecret(_ context.Context, secret *corev1.Secret, key, value string) error {
	l[secret.Namespace+"/"+secret.Name+" "+key] = value
	return nil
}

func legacyToken(t *testing.T, key crypto.Signer, sa *corev1.ServiceAccount, secretName string) string {
	t.Helper()
	g, err := NewLegacyGenerator(key)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := g.GenerateToken(sa, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: sa.Namespace, Name: secretName}})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestLegacyTokenCarriesUpstreamClaims(t *testing.T) {
	key := rsaKey(t)
	tok := legacyToken(t, key, testSA, "builder-token")
	kid, err := KeyID(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"alg": "RS256", "kid": kid}, decodeSegment(t, tok, 0)); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	want := map[string]any{
		"iss":                                    "kubernetes/serviceaccount",
		"sub":                                    "system:serviceaccount:ns:builder",
		"kubernetes.io/serviceaccount/namespace": "ns",
		"kubernetes.io/serviceaccount/secret.name":          "builder-token",
		"kubernetes.io/serviceaccount/service-account.name": "builder",
		"kubernetes.io/serviceaccount/service-account.uid":  "sa-uid",
	}
	if diff := cmp.Diff(want, decodeSegment(t, tok, 1)); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
}

func TestAuthenticateLegacyToken(t *testing.T) {
	key := rsaKey(t)
	now := time.Date(2030, 5, 17, 23, 30, 0, 0, time.UTC)
	tok := legacyToken(t, key, testSA, "builder-token")
	secret := func(mutate func(*corev1.Secret)) *corev1.Secret {
		s := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "builder-token", UID: "secret-uid"},
			Type:       corev1.SecretTypeServiceAccountToken,
			Data:       map[string][]byte{corev1.ServiceAccountTokenKey: []byte(tok)},
		}
		if mutate != nil {
			mutate(s)
		}
		return s
	}
	with := func(s *corev1.Secret, sa *corev1.ServiceAccount) objects {
		o := objects{sas: map[string]*corev1.ServiceAccount{}, secrets: map[string]*corev1.Secret{}}
		if s != nil {
			o.secrets["ns/"+s.Name] = s
		}
		if sa != nil {
			o.sas["ns/"+sa.Name] = sa
		}
		return o
	}
	deleting := metav1.NewTime(now)

	for name, tc := range map[string]struct {
		token      string
		getter     objects
		auds       authenticator.Audiences
		noLookup   bool
		wantErr    string
		wantLabels labels
	}{
		"secret and account deleted, without lookup": {
			token: tok, getter: with(nil, nil), noLookup: true, wantLabels: labels{},
		},
		"manual secret": {
			token: tok, getter: with(secret(nil), testSA),
			wantLabels: labels{"ns/builder-token kubernetes.io/legacy-token-last-used": "2030-05-17"},
		},
		"used today already": {
			token:      tok,
			getter:     with(secret(func(s *corev1.Secret) { s.Labels = map[string]string{LastUsedLabelKey: "2030-05-17"} }), testSA),
			wantLabels: labels{},
		},
		"used tomorrow by a server ahead": {
			token:      tok,
			getter:     with(secret(func(s *corev1.Secret) { s.Labels = map[string]string{LastUsedLabelKey: "2030-05-18"} }), testSA),
			wantLabels: labels{},
		},
		"used yesterday": {
			token:      tok,
			getter:     with(secret(func(s *corev1.Secret) { s.Labels = map[string]string{LastUsedLabelKey: "2030-05-16"} }), testSA),
			wantLabels: labels{"ns/builder-token kubernetes.io/legacy-token-last-used": "2030-05-17"},
		},
		"secret deleted": {
			token: tok, getter: with(nil, testSA), wantErr: "Token has been invalidated", wantLabels: labels{},
		},
		"secret being deleted": {
			token:   tok,
			getter:  with(secret(func(s *corev1.Secret) { s.DeletionTimestamp = &deleting }), testSA),
			wantErr: "Token has been invalidated", wantLabels: labels{},
		},
		"secret holds another token": {
			token:   tok,
			getter:  with(secret(func(s *corev1.Secret) { s.Data[corev1.ServiceAccountTokenKey] = []byte("other") }), testSA),
			wantErr: "Token does not match server's copy", wantLabels: labels{},
		},
		"service account deleted": {
			token: tok, getter: with(secret(nil), nil), wantErr: `serviceaccounts "builder" not found`, wantLabels: labels{},
		},
		"service account being deleted": {
			token: tok,
			getter: with(secret(nil), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{
				Namespace: "ns", Name: "builder", UID: "sa-uid", DeletionTimestamp: &deleting}}),
			wantErr: "ServiceAccount ns/builder has been deleted", wantLabels: labels{},
		},
		"service account recreated": {
			token:   tok,
			getter:  with(secret(nil), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "builder", UID: "new-uid"}}),
			wantErr: "ServiceAccount UID (new-uid) does not match claim (sa-uid)", wantLabels: labels{},
		},
		"marked invalid": {
			token:      tok,
			getter:     with(secret(func(s *corev1.Secret) { s.Labels = map[string]string{InvalidSinceLabelKey: "2030-01-01"} }), testSA),
			wantErr:    "the token in secret ns/builder-token for service account ns/builder has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily allow use of this token",
			wantLabels: labels{"ns/builder-token kubernetes.io/legacy-token-last-used": "2030-05-17"},
		},
		"audience other than the API's": {
			token: tok, getter: with(secret(nil), testSA), auds: authenticator.Audiences{"vault"},
			wantErr: `token audiences ["api"] is invalid for the target audiences ["vault"]`, wantLabels: labels{},
		},
	} {
		t.Run(name, func(t *testing.T) {
			recorded := labels{}
			a, err := NewAuthenticator([]string{testIssuer}, staticKeys(t, key.Public()), authenticator.Audiences{"api"}, tc.getter, recorded)
			if err != nil {
				t.Fatal(err)
			}
			a.now = func() time.Time { return now }
			a.LegacyLookup = !tc.noLookup
			ctx := context.Background()
			if tc.auds != nil {
				ctx = authenticator.WithAudiences(ctx, tc.auds)
			}
			resp, ok, err := a.AuthenticateToken(ctx, tc.token)
			if tc.wantErr != "" {
				if ok || err == nil || err.Error() != tc.wantErr {
					t.Errorf("ok = %v, err = %v, want %q", ok, err, tc.wantErr)
				}
			} else {
				if !ok || err != nil {
					t.Fatalf("ok = %v, err = %v, want success", ok, err)
				}
				u := resp.User
				if u.GetName() != "system:serviceaccount:ns:builder" || u.GetUID() != "sa-uid" || len(u.GetExtra()) != 0 {
					t.Errorf("user = %q uid %q extra %v", u.GetName(), u.GetUID(), u.GetExtra())
				}
				if diff := cmp.Diff([]string{"system:serviceaccounts", "system:serviceaccounts:ns"}, u.GetGroups()); diff != "" {
					t.Errorf("groups (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tc.wantLabels, recorded); diff != "" {
				t.Errorf("labels set (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLegacyTokenClaimsMustBeConsistent(t *testing.T) {
	key := rsaKey(t)
	g, err := NewGenerator(LegacyIssuer, key)
	if err != nil {
		t.Fatal(err)
	}
	full := LegacyPrivateClaims{Namespace: "ns", SecretName: "builder-token", ServiceAccountName: "builder", ServiceAccountUID: "sa-uid"}
	for want, mutate := range map[string]func(sub *string, c *LegacyPrivateClaims){
		"sub claim is missing":                func(sub *string, _ *LegacyPrivateClaims) { *sub = "" },
		"namespace claim is missing":          func(_ *string, c *LegacyPrivateClaims) { c.Namespace = "" },
		"secretName claim is missing":         func(_ *string, c *LegacyPrivateClaims) { c.SecretName = "" },
		"serviceAccountName claim is missing": func(_ *string, c *LegacyPrivateClaims) { c.ServiceAccountName = "" },
		"serviceAccountUID claim is missing":  func(_ *string, c *LegacyPrivateClaims) { c.ServiceAccountUID = "" },
		"sub claim is invalid":                func(sub *string, _ *LegacyPrivateClaims) { *sub = "system:serviceaccount:ns:admin" },
	} {
		sub, claims := "system:serviceaccount:ns:builder", full
		mutate(&sub, &claims)
		tok, err := g.sign(context.Background(), &jwt.Claims{Subject: sub}, &claims)
		if err != nil {
			t.Fatal(err)
		}
		a, err := NewAuthenticator([]string{testIssuer}, staticKeys(t, key.Public()), authenticator.Audiences{"api"}, testObjects(), labels{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := a.AuthenticateToken(context.Background(), tok); ok || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ok = %v, err = %v, want %q", ok, err, want)
		}
	}
}
