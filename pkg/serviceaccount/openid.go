package serviceaccount

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
)

const (
	// OpenIDConfigPath is where relying parties find the issuer's discovery document.
	OpenIDConfigPath = "/.well-known/openid-configuration"
	// JWKSPath is where the verification keys are published.
	JWKSPath = "/openid/v1/jwks"

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

// OpenIDMetadata holds the pre-rendered discovery document and key set of the issuer, rendered again
// whenever its keys change.
type OpenIDMetadata struct {
	issuer, jwksURI string
	keys            PublicKeysGetter
	documents       atomic.Pointer[openIDDocuments]
}

// openIDDocuments are the rendered discovery document and key set.
type openIDDocuments struct {
	config []byte
	jwks   []byte
}

// NewOpenIDMetadata renders the discovery documents of issuer for keys. The key set is published at
// jwksURI, or, when that is empty, at JWKSPath on defaultExternalAddress. Both URLs must be https,
// which is why kube-apiserver, and kapi, only serve the documents for an https issuer.
func NewOpenIDMetadata(issuer, jwksURI, defaultExternalAddress string, keys PublicKeysGetter) (*OpenIDMetadata, error) {
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
	m := &OpenIDMetadata{issuer: issuer, jwksURI: jwksURI, keys: keys}
	if err := m.render(); err != nil {
		return nil, err
	}
	keys.OnChange(func() {
		if err := m.render(); err != nil {
			klog.ErrorS(err, "Failed to update the service account issuer discovery documents; serving the previous ones")
		}
	})
	return m, nil
}

// render renders the documents for the keys that are not excluded from discovery.
func (m *OpenIDMetadata) render() error {
	var set jose.JSONWebKeySet
	algs := sets.New[string]()
	for _, k := range m.keys.GetPublicKeys(context.Background(), "") {
		if k.ExcludeFromOIDCDiscovery {
			continue
		}
		alg, err := signingAlgorithm(k.Key)
		if err != nil {
			return fmt.Errorf("key %q: %w", k.KeyID, err)
		}
		algs.Insert(string(alg))
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.Key, KeyID: k.KeyID, Algorithm: string(alg), Use: "sig"})
	}
	if len(set.Keys) == 0 {
		return errors.New("no verification keys to publish")
	}
	config, err := json.Marshal(openIDConfiguration{
		Issuer:        m.issuer,
		JWKSURI:       m.jwksURI,
		ResponseTypes: []string{"id_token"},
		SubjectTypes:  []string{"public"},
		SigningAlgs:   sets.List(algs),
	})
	if err != nil {
		return err
	}
	jwks, err := json.Marshal(set)
	if err != nil {
		return err
	}
	m.documents.Store(&openIDDocuments{config: config, jwks: jwks})
	return nil
}

// Mux is where the documents are installed: the server's non-REST path handler.
type Mux interface {
	Handle(path string, handler http.Handler)
}

// Install serves the discovery document at OpenIDConfigPath and the key set at JWKSPath.
func (m *OpenIDMetadata) Install(mux Mux) {
	mux.Handle(OpenIDConfigPath, m.serve("application/json", func(d *openIDDocuments) []byte { return d.config }))
	mux.Handle(JWKSPath, m.serve(jwksMediaType, func(d *openIDDocuments) []byte { return d.jwks }))
}

// serve answers with the document body picks from the current documents. Relying parties may cache
// it until the keys are next refreshed: for keys read from files, an hour.
func (m *OpenIDMetadata) serve(mediaType string, body func(*openIDDocuments) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", mediaType)
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(m.keys.CacheMaxAge()/time.Second)))
		_, _ = w.Write(body(m.documents.Load()))
	})
}
