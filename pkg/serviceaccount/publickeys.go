package serviceaccount

import (
	"context"
	"crypto"
	"time"
)

// staticKeysCacheMaxAge is how long relying parties may cache the discovery documents of keys read
// from files: an hour, as kube-apiserver publishes them.
const staticKeysCacheMaxAge = time.Hour

// PublicKey is a key that verifies service-account tokens, with the id their JWS header names it by.
type PublicKey struct {
	KeyID string
	Key   crypto.PublicKey
	// ExcludeFromOIDCDiscovery keeps the key out of the published key set: it still verifies the
	// tokens it signed, but relying parties are not told to trust it for new ones.
	ExcludeFromOIDCDiscovery bool
}

// PublicKeysGetter gives the keys that verify tokens: the fixed keys of files, or the keys an
// external signer publishes, which change while the server runs.
type PublicKeysGetter interface {
	// GetPublicKeys returns the keys that may have signed a token whose header names keyID, or
	// every key when keyID is empty.
	GetPublicKeys(ctx context.Context, keyID string) []PublicKey
	// CacheMaxAge is how long relying parties may keep the keys before asking again.
	CacheMaxAge() time.Duration
	// OnChange registers fn, called after the keys changed, so that what is derived from them (the
	// published key set) follows.
	OnChange(fn func())
}

// staticPublicKeys are keys that never change, indexed by key id.
type staticPublicKeys struct {
	all  []PublicKey
	byID map[string][]PublicKey
}

// NewStaticPublicKeys returns a getter for keys, each named by KeyID.
func NewStaticPublicKeys(keys []crypto.PublicKey) (PublicKeysGetter, error) {
	s := &staticPublicKeys{byID: map[string][]PublicKey{}}
	for _, k := range keys {
		id, err := KeyID(k)
		if err != nil {
			return nil, err
		}
		pk := PublicKey{KeyID: id, Key: k}
		s.all = append(s.all, pk)
		s.byID[id] = append(s.byID[id], pk)
	}
	return s, nil
}

// GetPublicKeys returns the keys with keyID. A token whose key id none of the keys has still gets
// every key to try, so that tokens signed by other issuers' key id schemes keep verifying.
func (s *staticPublicKeys) GetPublicKeys(_ context.Context, keyID string) []PublicKey {
	if keys, ok := s.byID[keyID]; ok {
		return keys
	}
	return s.all
}

// CacheMaxAge is an hour: the keys only change when the server restarts.
func (s *staticPublicKeys) CacheMaxAge() time.Duration { return staticKeysCacheMaxAge }

// OnChange does nothing: the keys never change.
func (s *staticPublicKeys) OnChange(func()) {}
