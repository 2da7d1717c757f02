package serviceaccount

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	externaljwtv1 "k8s.io/externaljwt/apis/v1"
)

// metadataTimeout bounds the Metadata call at start.
const metadataTimeout = 10 * time.Second

// ExternalSigner signs tokens through an ExternalJWTSigner service on a unix socket
// (--service-account-signing-endpoint), which holds the private keys, and caches the keys it
// publishes to verify them.
type ExternalSigner struct {
	conn   *grpc.ClientConn
	client externaljwtv1.ExternalJWTSignerClient
	keys   *externalKeys
	stop   context.CancelFunc
	closed sync.Once
}

var _ payloadSigner = &ExternalSigner{}

// StartExternalSigner connects to the signer listening on endpoint, a socket path or @name in the
// abstract namespace, and fetches its keys: like kube-apiserver, kapi does not start without them,
// and waits at most keySyncTimeout for them. The keys are then kept fresh until Close.
func StartExternalSigner(endpoint string) (*ExternalSigner, error) {
	var dialer net.Dialer
	// Calls wait for the socket to accept connections, as long as their context allows, so that a
	// signer starting alongside the server or restarting is waited for.
	conn, err := grpc.NewClient("passthrough:///external-jwt-signer",
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		// The socket path would not be a valid :authority.
		grpc.WithAuthority("localhost"),
		grpc.WithDefaultCallOptions(grpc.WaitForReady(true)),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "unix", endpoint)
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("while dialing grpc socket at %q: %w", endpoint, err)
	}
	client := externaljwtv1.NewExternalJWTSignerClient(conn)
	s := &ExternalSigner{conn: conn, client: client, keys: newExternalKeys(client)}
	ctx, cancel := context.WithTimeout(context.Background(), keySyncTimeout)
	defer cancel()
	if err := s.keys.refresh(ctx); err != nil {
		_ = conn.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("no keys from the signer within %s: %w", keySyncTimeout, err)
		}
		return nil, fmt.Errorf("while initially fetching the signer's keys: %w", err)
	}
	run, stop := context.WithCancel(context.Background())
	s.stop = stop
	go s.keys.run(run)
	return s, nil
}

// PublicKeys returns the signer's verification keys.
func (s *ExternalSigner) PublicKeys() PublicKeysGetter { return s.keys }

// MaxTokenExpirationSeconds asks the signer for the longest lifetime of the tokens it signs.
func (s *ExternalSigner) MaxTokenExpirationSeconds() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), metadataTimeout)
	defer cancel()
	md, err := s.client.Metadata(ctx, &externaljwtv1.MetadataRequest{})
	if err != nil {
		return 0, err
	}
	return md.MaxTokenExpirationSeconds, nil
}

// Close ends the key refresh and the connection. Calling it again does nothing.
func (s *ExternalSigner) Close() {
	s.closed.Do(func() {
		s.stop()
		_ = s.conn.Close()
	})
}

// signPayload sends the base64url claims, the second segment of the token, to the signer and puts
// its header and signature around them.
func (s *ExternalSigner) signPayload(ctx context.Context, payload []byte) (string, error) {
	claims := base64.RawURLEncoding.EncodeToString(payload)
	resp, err := s.client.Sign(ctx, &externaljwtv1.SignJWTRequest{Claims: claims})
	if err != nil {
		return "", fmt.Errorf("while signing jwt: %w", err)
	}
	if err := s.checkHeader(ctx, resp.Header); err != nil {
		return "", fmt.Errorf("while validating header: %w", err)
	}
	if resp.Signature == "" {
		return "", errors.New("empty signature returned")
	}
	return resp.Header + "." + claims + "." + resp.Signature, nil
}

// signedHeader is everything a signer may put in a token's header.
type signedHeader struct {
	Algorithm string `json:"alg,omitempty"`
	KeyID     string `json:"kid,omitempty"`
	Type      string `json:"typ,omitempty"`
}

// checkHeader accepts the header a signer returned only if verifiers understand all of it: a JWT
// naming its key, signed with an algorithm kube-apiserver signs with, by a key that is published.
func (s *ExternalSigner) checkHeader(ctx context.Context, encoded string) error {
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return fmt.Errorf("while unwrapping header: %w", err)
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	var h signedHeader
	if err := decoder.Decode(&h); err != nil {
		return fmt.Errorf("while parsing header JSON: %w", err)
	}
	switch {
	case h.Type != "JWT":
		return errors.New("bad type")
	case h.KeyID == "":
		return errors.New("key id missing")
	case len(h.KeyID) > maxKeyIDLength:
		return errors.New("key id longer than 1 kb")
	}
	switch h.Algorithm {
	case "RS256", "ES256", "ES384", "ES512":
	default:
		return fmt.Errorf("bad signing algorithm %q", h.Algorithm)
	}
	for _, k := range s.keys.GetPublicKeys(ctx, h.KeyID) {
		if k.ExcludeFromOIDCDiscovery {
			return fmt.Errorf("key used for signing JWT (kid: %s) is excluded from OIDC discovery docs", h.KeyID)
		}
	}
	return nil
}
