package eventratelimit

import (
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/utils/lru"

	configv1alpha1 "github.com/kapi-dev/kapi/pkg/apis/eventratelimit/v1alpha1"
)

// defaultCacheSize is the number of buckets a limit keeps when its cacheSize is 0.
const defaultCacheSize = 4096

// enforcer is one limit: a token bucket per key, the least recently used buckets forgotten.
type enforcer struct {
	limitType configv1alpha1.LimitType
	key       func(admission.Attributes) string
	newBucket func() flowcontrol.RateLimiter

	// mu makes finding or adding a key's bucket one step, so that concurrent events share it.
	mu      sync.Mutex
	buckets *lru.Cache
	// server is the Server limit's single bucket.
	server flowcontrol.RateLimiter
}

func newEnforcer(limit configv1alpha1.Limit, clock flowcontrol.Clock) *enforcer {
	e := &enforcer{
		limitType: limit.Type,
		newBucket: func() flowcontrol.RateLimiter {
			return flowcontrol.NewTokenBucketRateLimiterWithClock(float32(limit.QPS), int(limit.Burst), clock)
		},
	}
	switch limit.Type {
	case configv1alpha1.ServerLimitType:
		e.server = e.newBucket()
		return e
	case configv1alpha1.NamespaceLimitType:
		e.key = admission.Attributes.GetNamespace
	case configv1alpha1.UserLimitType:
		e.key = userKey
	case configv1alpha1.SourceAndObjectLimitType:
		e.key = sourceAndObjectKey
	}
	size := int(limit.CacheSize)
	if size == 0 {
		size = defaultCacheSize
	}
	e.buckets = lru.New(size)
	return e
}

// accept takes a token from the request's bucket, or says which bucket is empty.
func (e *enforcer) accept(a admission.Attributes) error {
	key, bucket := "", e.server
	if bucket == nil {
		key = e.key(a)
		bucket = e.bucket(key)
	}
	if !bucket.TryAccept() {
		return fmt.Errorf("limit reached on type %v for key %v", e.limitType, key)
	}
	return nil
}

func (e *enforcer) bucket(key string) flowcontrol.RateLimiter {
	e.mu.Lock()
	defer e.mu.Unlock()
	if b, ok := e.buckets.Get(key); ok {
		return b.(flowcontrol.RateLimiter)
	}
	b := e.newBucket()
	e.buckets.Add(key, b)
	return b
}

func userKey(a admission.Attributes) string {
	if u := a.GetUserInfo(); u != nil {
		return u.GetName()
	}
	return ""
}

// sourceAndObjectKey joins, without separators as upstream, the event's source and involved object.
func sourceAndObjectKey(a admission.Attributes) string {
	event, ok := a.GetObject().(*corev1.Event)
	if !ok {
		return ""
	}
	o := event.InvolvedObject
	return strings.Join([]string{event.Source.Component, event.Source.Host, o.Kind, o.Namespace, o.Name, string(o.UID), o.APIVersion}, "")
}
