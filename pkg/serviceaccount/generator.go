package serviceaccount

import (
	"crypto"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Generator signs service-account tokens.
type Generator struct {
	issuer string
	signer jose.Signer
}

// NewGenerator returns a Generator that issues tokens as issuer, signed with key. The JWS header
// names the key by KeyID, as kube-apiserver's does.
func NewGenerator(issuer string, key crypto.Signer) (*Generator, error) {
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
	return &Generator{issuer: issuer, signer: signer}, nil
}

// GenerateToken signs the claims, with the generator's issuer.
func (g *Generator) GenerateToken(public *jwt.Claims, private *PrivateClaims) (string, error) {
	return g.sign(public, private)
}

// sign serializes the registered claims, with the generator's issuer, and the private ones side by side.
func (g *Generator) sign(public *jwt.Claims, private any) (string, error) {
	claims := wireClaims{
		Issuer:    g.issuer,
		Subject:   public.Subject,
		Audience:  public.Audience,
		Expiry:    public.Expiry,
		NotBefore: public.NotBefore,
		IssuedAt:  public.IssuedAt,
		ID:        public.ID,
	}
	return jwt.Signed(g.signer).Claims(&claims).Claims(private).Serialize()
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
