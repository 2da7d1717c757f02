package serviceaccount

import (
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	jose "github.com/go-jose/go-jose/v4"
	"k8s.io/apimachinery/pkg/util/sets"
)

const (
	// OpenIDConfigPath is where relying parties find the issuer's discovery document.
	OpenIDConfigPath = "/.well-known/openid-configuration"
	// JWKSPath is where the verification keys are published.
	JWKSPath = "/openid/v1/jwks"

	// cacheControl lets relying parties cache the documents for an hour, as kube-apiserver does.
	cacheControl  = "public, max-age=3600"
	jwksMediaType = "application/jwk-set+json"
)

// openIDConfiguration is the OpenID Connect discovery document: the subset of fields a relying
// party needs to verify service-account tokens.
type openIDConfiguration struct {
	Issuer        string   `json:"issuer"`
	JWKSURI       string   `json:"jwks_uri"`
	ResponseTypes []string `json:"response_types_supported"`
	SubjectTypes  []string `json:"subject_types_supported"`
	SigningAlgs   []string `json:"id_token_signing_alg_values_supported"`
}

// OpenIDMetadata holds the pre-rendered discovery document and key set of the issuer.
type OpenIDMetadata struct {
	config []byte
	jwks   []byte
}

// NewOpenIDMetadata renders the discovery documents of issuer for keys. The key set is published at
// jwksURI, or, when that is empty, at JWKSPath on defaultExternalAddress. Both URLs must be https,
// which is why kube-apiserver, and kapi, only serve the documents for an https issuer.
func NewOpenIDMetadata(issuer, jwksURI, defaultExternalAddress string, keys []crypto.PublicKey) (*OpenIDMetadata, error) {
	iss, err := url.Parse(issuer)
	if err != nil {
		return nil, fmt.Errorf("issuer URL %q: %w", issuer, err)
	}
	switch {
	case iss.Scheme != "https":
		return nil, errors.New("issuer URL must use https scheme")
	case iss.RawQuery != "":
		return nil, errors.New("issuer URL may not include a query")
	case iss.Fragment != "":
		return nil, errors.New("issuer URL may not include a fragment")
	}
	if jwksURI == "" {
		if defaultExternalAddress == "" {
			return nil, errors.New("either the JWKS URI or the default external address, or both, must be set")
		}
		jwksURI = (&url.URL{Scheme: "https", Host: defaultExternalAddress, Path: JWKSPath}).String()
	} else if u, err := url.Parse(jwksURI); err != nil || u.Scheme != "https" {
		return nil, fmt.Errorf("jwks URI %q must be an https URL", jwksURI)
	}

	var set jose.JSONWebKeySet
	algs := sets.New[string]()
	for _, k := range keys {
		alg, err := signingAlgorithm(k)
		if err != nil {
			return nil, err
		}
		kid, err := KeyID(k)
		if err != nil {
			return nil, err
		}
		algs.Insert(string(alg))
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k, KeyID: kid, Algorithm: string(alg), Use: "sig"})
	}
	if len(set.Keys) == 0 {
		return nil, errors.New("no verification keys to publish")
	}
	config, err := json.Marshal(openIDConfiguration{
		Issuer:        issuer,
		JWKSURI:       jwksURI,
		ResponseTypes: []string{"id_token"},
		SubjectTypes:  []string{"public"},
		SigningAlgs:   sets.List(algs),
	})
	if err != nil {
		return nil, err
	}
	jwks, err := json.Marshal(set)
	if err != nil {
		return nil, err
	}
	return &OpenIDMetadata{config: config, jwks: jwks}, nil
}

// Mux is where the documents are installed: the server's non-REST path handler.
type Mux interface {
	Handle(path string, handler http.Handler)
}

// Install serves the discovery document at OpenIDConfigPath and the key set at JWKSPath.
func (m *OpenIDMetadata) Install(mux Mux) {
	mux.Handle(OpenIDConfigPath, serveDocument("application/json", m.config))
	mux.Handle(JWKSPath, serveDocument(jwksMediaType, m.jwks))
}

func serveDocument(mediaType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", mediaType)
		w.Header().Set("Cache-Control", cacheControl)
		_, _ = w.Write(body)
	})
}
