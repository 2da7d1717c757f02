package serviceaccount

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
	externaljwtv1 "k8s.io/externaljwt/apis/v1"
	"k8s.io/klog/v2"
)

const (
	// keySyncTimeout bounds each fetch of an external signer's keys, the first one at start included.
	keySyncTimeout = time.Minute
	// keySyncRetry is how soon a failed refresh is tried again; the keys of the last successful fetch
	// keep verifying tokens meanwhile.
	keySyncRetry = 10 * time.Second
	// maxKeyIDLength is the longest key id a signer may use, in bytes.
	maxKeyIDLength = 1024
)

// externalKeys are the verification keys of an external signer, as its last successful FetchKeys
// returned them. They are fetched again when the signer's refresh hint says, and as soon as a token
// names a key id they do not have, which is how a key the signer just started to sign with gets known.
type externalKeys struct {
	client externaljwtv1.ExternalJWTSignerClient
	// fetches lets concurrent refreshes share one FetchKeys call.
	fetches singleflight.Group
	current atomic.Pointer[keySet]

	mu        sync.Mutex
	listeners []func()
}

var _ PublicKeysGetter = &externalKeys{}

// keySet is one answer of the signer.
type keySet struct {
	keys []PublicKey
	// dataTimestamp is when the signer read the keys from its source of truth.
	dataTimestamp time.Time
	// nextRefresh is when the signer asks for the keys to be fetched again.
	nextRefresh time.Time
}

// newExternalKeys returns an empty cache of client's keys; refresh fills it.
func newExternalKeys(client externaljwtv1.ExternalJWTSignerClient) *externalKeys {
	k := &externalKeys{client: client}
	k.current.Store(&keySet{})
	return k
}

// GetPublicKeys returns the keys with keyID, fetching the keys again once when none has it. An empty
// keyID gets the cached keys, without a fetch.
func (k *externalKeys) GetPublicKeys(ctx context.Context, keyID string) []PublicKey {
	if keyID == "" {
		return k.current.Load().keys
	}
	if keys := k.withID(keyID); len(keys) > 0 {
		return keys
	}
	if err := k.refresh(ctx); err != nil {
		klog.ErrorS(err, "Failed to fetch the external signer's keys for an unknown key id", "keyID", keyID)
		return nil
	}
	keys := k.withID(keyID)
	if len(keys) == 0 {
		klog.ErrorS(nil, "Key id not found after fetching the external signer's keys", "keyID", keyID)
	}
	return keys
}

func (k *externalKeys) withID(keyID string) []PublicKey {
	var out []PublicKey
	for _, key := range k.current.Load().keys {
		if key.KeyID == keyID {
			out = append(out, key)
		}
	}
	return out
}

// CacheMaxAge is the time left until the signer's refresh hint.
func (k *externalKeys) CacheMaxAge() time.Duration {
	return max(time.Until(k.current.Load().nextRefresh), 0)
}

// OnChange registers fn, called after a fetch returned other keys than the one before.
func (k *externalKeys) OnChange(fn func()) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.listeners = append(k.listeners, fn)
}

// refresh fetches the keys and replaces the cached ones. The listeners run in the refresh, one after
// the other, so that what they derive from the keys is never older than the keys.
func (k *externalKeys) refresh(ctx context.Context) error {
	_, err, _ := k.fetches.Do("", func() (any, error) {
		fetched, err := k.fetch(ctx)
		if err != nil {
			return nil, err
		}
		if previous := k.current.Swap(fetched); changed(previous, fetched) {
			k.mu.Lock()
			listeners := k.listeners
			k.mu.Unlock()
			for _, fn := range listeners {
				fn()
			}
		}
		return nil, nil
	})
	return err
}

// fetch asks the signer for its keys and checks its answer as kube-apiserver does.
func (k *externalKeys) fetch(ctx context.Context) (*keySet, error) {
	resp, err := k.client.FetchKeys(ctx, &externaljwtv1.FetchKeysRequest{})
	if err != nil {
		return nil, fmt.Errorf("while getting externally supported jwt signing keys: %w", err)
	}
	if resp.RefreshHintSeconds <= 0 {
		return nil, fmt.Errorf("found invalid refresh hint (%ds)", resp.RefreshHintSeconds)
	}
	if len(resp.Keys) == 0 {
		return nil, errors.New("found no keys")
	}
	if err := resp.DataTimestamp.CheckValid(); err != nil {
		return nil, fmt.Errorf("invalid data timestamp: %w", err)
	}
	set := &keySet{
		dataTimestamp: resp.DataTimestamp.AsTime(),
		nextRefresh:   time.Now().Add(time.Duration(resp.RefreshHintSeconds) * time.Second),
	}
	for _, key := range resp.Keys {
		switch {
		case key == nil:
			return nil, errors.New("found nil public key")
		case key.KeyId == "" || len(key.KeyId) > maxKeyIDLength:
			return nil, fmt.Errorf("found invalid public key id %q", key.KeyId)
		case len(key.Key) == 0:
			return nil, errors.New("found empty public key")
		}
		pub, err := x509.ParsePKIXPublicKey(key.Key)
		if err != nil {
			return nil, fmt.Errorf("while parsing external public keys: %w", err)
		}
		set.keys = append(set.keys, PublicKey{KeyID: key.KeyId, Key: pub, ExcludeFromOIDCDiscovery: key.ExcludeFromOidcDiscovery})
	}
	return set, nil
}

// changed reports whether b differs from a in what relying parties see: the data timestamp, or the
// ids, order and discovery exclusion of the keys. Key material is not compared: the signer names
// new material by a new id.
func changed(a, b *keySet) bool {
	if !a.dataTimestamp.Equal(b.dataTimestamp) || len(a.keys) != len(b.keys) {
		return true
	}
	for i := range a.keys {
		if a.keys[i].KeyID != b.keys[i].KeyID || a.keys[i].ExcludeFromOIDCDiscovery != b.keys[i].ExcludeFromOIDCDiscovery {
			return true
		}
	}
	return false
}

// run fetches the keys again whenever the signer's refresh hint says, until ctx ends. A failed fetch
// keeps the previous keys and is tried again after keySyncRetry.
func (k *externalKeys) run(ctx context.Context) {
	timer := time.NewTimer(time.Until(k.current.Load().nextRefresh))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		fetchCtx, cancel := context.WithTimeout(ctx, keySyncTimeout)
		err := k.refresh(fetchCtx)
		cancel()
		next := keySyncRetry
		if err == nil {
			next = time.Until(k.current.Load().nextRefresh)
		} else if ctx.Err() == nil {
			klog.ErrorS(err, "Failed to refresh the external signer's keys; the previous keys keep verifying tokens")
		}
		timer.Reset(next)
	}
}
