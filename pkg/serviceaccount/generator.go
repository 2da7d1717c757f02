package serviceaccount

import (
	"context"
	"crypto"
	"encoding/json"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Generator signs service-account tokens.
type Generator struct {
	issuer string
	signer payloadSigner
}

// payloadSigner turns the JSON claims of a token into the token: a local key or an external signer.
type payloadSigner interface {
	signPayload(ctx context.Context, payload []byte) (string, error)
}

// NewGenerator returns a Generator that issues tokens as issuer, signed with key. The JWS header
// names the key by KeyID, as kube-apiserver's does.
func NewGenerator(issuer string, key crypto.Signer) (*Generator, error) {
	signer, err := newKeySigner(key)
	if err != nil {
		return nil, err
	}
	return &Generator{issuer: issuer, signer: signer}, nil
}

// NewExternalGenerator returns a Generator that issues tokens as issuer, signed by the external signer.
func NewExternalGenerator(issuer string, signer *ExternalSigner) *Generator {
	return &Generator{issuer: issuer, signer: signer}
}

// GenerateToken signs the claims, with the generator's issuer.
func (g *Generator) GenerateToken(ctx context.Context, public *jwt.Claims, private *PrivateClaims) (string, error) {
	return g.sign(ctx, public, private)
}

// sign serializes the registered claims, with the generator's issuer, and the private ones side by
// side in one JSON object, and has it signed.
func (g *Generator) sign(ctx context.Context, public *jwt.Claims, private any) (string, error) {
	payload, err := mergeClaims(wireClaims{
		Issuer:    g.issuer,
		Subject:   public.Subject,
		Audience:  public.Audience,
		Expiry:    public.Expiry,
		NotBefore: public.NotBefore,
		IssuedAt:  public.IssuedAt,
		ID:        public.ID,
	}, private)
	if err != nil {
		return "", err
	}
	return g.signer.signPayload(ctx, payload)
}

// mergeClaims serializes the fields of each claims value into one JSON object, with sorted keys as
// kube-apiserver's tokens have them.
func mergeClaims(claims ...any) ([]byte, error) {
	merged := map[string]json.RawMessage{}
	for _, c := range claims {
		raw, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("failed to marshal claims: %w", err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("failed to marshal claims: %w", err)
		}
		for k, v := range fields {
			merged[k] = v
		}
	}
	return json.Marshal(merged)
}

// wireClaims are the registered claims as kube-apiserver writes them: unlike jwt.Claims, a single
// audience stays a JSON array.
type wireClaims struct {
	Issuer    string           `json:"iss,omitempty"`
	Subject   string           `json:"sub,omitempty"`
	Audience  []string         `json:"aud,omitempty"`
	Expiry    *jwt.NumericDate `json:"exp,omitempty"`
	NotBefore *jwt.NumericDate `json:"nbf,omitempty"`
	IssuedAt  *jwt.NumericDate `json:"iat,omitempty"`
	ID        string           `json:"jti,omitempty"`
}

// keySigner signs tokens with a private key the server holds.
type keySigner struct {
	signer jose.Signer
}

// newKeySigner returns a signer for key, whose JWS header names the key by KeyID.
func newKeySigner(key crypto.Signer) (*keySigner, error) {
	alg, err := signingAlgorithm(key.Public())
	if err != nil {
		return nil, err
	}
	kid, err := KeyID(key.Public())
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: string(alg)}}, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to create signer: %w", err)
	}
	return &keySigner{signer: signer}, nil
}

func (s *keySigner) signPayload(_ context.Context, payload []byte) (string, error) {
	jws, err := s.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}
