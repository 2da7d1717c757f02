package serviceaccount

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/go-cmp/cmp"
)

func TestOpenIDMetadata(t *testing.T) {
	key := rsaKey(t)
	md, err := NewOpenIDMetadata(testIssuer, "", "10.0.0.1:443", staticKeys(t, key.Public()))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	md.Install(mux)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, OpenIDConfigPath, nil))
	if rec.Header().Get("Content-Type") != "application/json" || rec.Header().Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("headers = %v", rec.Header())
	}
	var config map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &config); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"issuer":                                testIssuer,
		"jwks_uri":                              "https://10.0.0.1:443/openid/v1/jwks",
		"response_types_supported":              []any{"id_token"},
		"subject_types_supported":               []any{"public"},
		"id_token_signing_alg_values_supported": []any{"RS256"},
	}
	if diff := cmp.Diff(want, config); diff != "" {
		t.Errorf("configuration (-want +got):\n%s", diff)
	}

	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, JWKSPath, nil))
	if got := rec.Header().Get("Content-Type"); got != "application/jwk-set+json" {
		t.Errorf("jwks Content-Type = %q", got)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(rec.Body.Bytes(), &set); err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.ParseSigned(issue(t, key, BoundObjects{}, time.Now(), "api"), verifyingAlgorithms)
	if err != nil {
		t.Fatal(err)
	}
	keys := set.Key(tok.Headers[0].KeyID)
	if len(keys) != 1 || keys[0].Use != "sig" || keys[0].Algorithm != "RS256" {
		t.Fatalf("jwks keys for kid %q = %+v", tok.Headers[0].KeyID, keys)
	}
	var claims jwt.Claims
	if err := tok.Claims(keys[0].Key, &claims); err != nil {
		t.Errorf("the published key does not verify a token: %v", err)
	}
}

func TestOpenIDMetadataNeedsHTTPSIssuer(t *testing.T) {
	key := rsaKey(t)
	for issuer, want := range map[string]string{
		"http://example.com":        "issuer URL must use https scheme",
		"https://example.com?a=b":   "issuer URL may not include a query",
		"kubernetes/serviceaccount": "issuer URL must use https scheme",
	} {
		_, err := NewOpenIDMetadata(issuer, "", "10.0.0.1:443", staticKeys(t, key.Public()))
		if err == nil || err.Error() != want {
			t.Errorf("issuer %q: err = %v, want %q", issuer, err, want)
		}
	}
}
