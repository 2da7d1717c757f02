package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// LimitType is what a limit's token buckets are kept per.
type LimitType string

const (
	// ServerLimitType is one bucket for every event the server receives.
	ServerLimitType LimitType = "Server"
	// NamespaceLimitType is one bucket per namespace.
	NamespaceLimitType LimitType = "Namespace"
	// UserLimitType is one bucket per user name.
	UserLimitType LimitType = "User"
	// SourceAndObjectLimitType is one bucket per event source and involved object.
	SourceAndObjectLimitType LimitType = "SourceAndObject"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Configuration is the EventRateLimit plugin's configuration.
type Configuration struct {
	metav1.TypeMeta `json:",inline"`

	// Limits are the limits every event must pass; at least one is required.
	Limits []Limit `json:"limits"`
}

// Limit is one token-bucket limit on events.
type Limit struct {
	// Type is what the buckets are kept per.
	Type LimitType `json:"type"`

	// QPS is the rate at which a bucket refills.
	QPS int32 `json:"qps"`

	// Burst is a bucket's size.
	Burst int32 `json:"burst"`

	// CacheSize is how many buckets are kept, least recently used ones dropped first; 0 means
	// 4096. A Server limit has one bucket and ignores it.
	// +optional
	CacheSize int32 `json:"cacheSize,omitempty"`
}
