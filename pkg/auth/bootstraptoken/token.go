// Package bootstraptoken is what kapi knows of bootstrap tokens, the short tokens kubeadm hands to
// joining nodes: their Secrets in kube-system, the authenticator of --enable-bootstrap-token-auth,
// and the rules the bootstrap signer and token cleaner controllers share.
package bootstraptoken

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

// The names and keys of bootstrap token Secrets, as kubeadm writes them.
const (
	// SecretPrefix prefixes a token's id in its Secret's name.
	SecretPrefix = "bootstrap-token-"
	// IDKey and SecretKey hold the two halves of the token "<id>.<secret>".
	IDKey     = "token-id"
	SecretKey = "token-secret"
	// ExpirationKey holds the RFC 3339 time after which the token is invalid and removed.
	ExpirationKey = "expiration"
	// UsageAuthenticationKey set to "true" lets the token authenticate.
	UsageAuthenticationKey = "usage-bootstrap-authentication"
	// UsageSigningKey set to "true" lets the token sign the cluster-info ConfigMap.
	UsageSigningKey = "usage-bootstrap-signing"
	// ExtraGroupsKey lists further groups, each in system:bootstrappers:, separated by commas.
	ExtraGroupsKey = "auth-extra-groups"

	// UserPrefix prefixes a token's id in the name of the user it authenticates.
	UserPrefix = "system:bootstrap:"
	// DefaultGroup is the group of every bootstrap token user.
	DefaultGroup = "system:bootstrappers"
)

var (
	tokenPattern      = regexp.MustCompile(`^([a-z0-9]{6})\.([a-z0-9]{16})$`)
	idPattern         = regexp.MustCompile(`^[a-z0-9]{6}$`)
	extraGroupPattern = regexp.MustCompile(`^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$`)
)

// ParseToken splits a bearer token "<id>.<secret>"; ok is false when it is not of that form.
func ParseToken(token string) (id, secret string, ok bool) {
	m := tokenPattern.FindStringSubmatch(token)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// SecretName is the name of the Secret of the token with id.
func SecretName(id string) string {
	return SecretPrefix + id
}

// data is a key of a Secret's data, "" when missing.
func data(s *corev1.Secret, key string) string {
	return string(s.Data[key])
}

// Expired reports whether the Secret's token expired before now. An expiration that does not parse
// counts as expired: nobody can tell how long the token was meant to live. A Secret without one never
// expires.
func Expired(s *corev1.Secret, now time.Time) bool {
	left, ok := TimeLeft(s, now)
	return ok && left <= 0
}

// TimeLeft is how long the Secret's token has until it expires; ok is false when it never does.
func TimeLeft(s *corev1.Secret, now time.Time) (left time.Duration, ok bool) {
	value := data(s, ExpirationKey)
	if value == "" {
		return 0, false
	}
	expiry, err := time.Parse(time.RFC3339, value)
	if err != nil {
		klog.V(3).InfoS("Bootstrap token has an unparsable expiration and counts as expired", "secret", klog.KObj(s), "expiration", value)
		return 0, true
	}
	return expiry.Sub(now), true
}

// Groups are the groups of the Secret's token user: DefaultGroup and the ExtraGroupsKey groups,
// sorted, each of which must be in system:bootstrappers:.
func Groups(s *corev1.Secret) ([]string, error) {
	groups := []string{DefaultGroup}
	if extra := data(s, ExtraGroupsKey); extra != "" {
		for _, g := range strings.Split(extra, ",") {
			g = strings.TrimSpace(g)
			if !extraGroupPattern.MatchString(g) {
				return nil, fmt.Errorf("group %q does not match %s", g, extraGroupPattern)
			}
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	return slices.Compact(groups), nil
}

// SigningToken returns the id and secret of a Secret whose token may sign cluster-info: a bootstrap
// token Secret named for its id, marked for signing, not being deleted and not expired.
func SigningToken(s *corev1.Secret, now time.Time) (id, secret string, ok bool) {
	id, secret = data(s, IDKey), data(s, SecretKey)
	switch {
	case s.Type != corev1.SecretTypeBootstrapToken, s.DeletionTimestamp != nil:
		return "", "", false
	case !idPattern.MatchString(id) || s.Name != SecretName(id):
		return "", "", false
	case !tokenPattern.MatchString(id + "." + secret):
		return "", "", false
	case data(s, UsageSigningKey) != "true" || Expired(s, now):
		return "", "", false
	}
	return id, secret, true
}

// IsTokenSecret reports whether the object is a bootstrap token Secret in kube-system.
func IsTokenSecret(s *corev1.Secret) bool {
	return s.Namespace == metav1.NamespaceSystem && s.Type == corev1.SecretTypeBootstrapToken
}
