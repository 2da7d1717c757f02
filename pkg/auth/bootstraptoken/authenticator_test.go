package bootstraptoken

import (
	"context"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// secretsByName is a SecretGetter over a fixed set of Secrets in kube-system.
type secretsByName map[string]*corev1.Secret

func (s secretsByName) GetSecret(_ context.Context, namespace, name string) (*corev1.Secret, error) {
	if secret, ok := s[name]; ok && namespace == metav1.NamespaceSystem {
		return secret, nil
	}
	return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "secrets"}, name)
}

func TestAuthenticateToken(t *testing.T) {
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	secret := func(mutate func(*corev1.Secret)) *corev1.Secret {
		s := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: metav1.NamespaceSystem, Name: "bootstrap-token-abcdef"},
			Type:       corev1.SecretTypeBootstrapToken,
			Data: map[string][]byte{
				IDKey: []byte("abcdef"), SecretKey: []byte("0123456789abcdef"), UsageAuthenticationKey: []byte("true"),
			},
		}
		if mutate != nil {
			mutate(s)
		}
		return s
	}
	deleting := metav1.NewTime(now)
	for name, tc := range map[string]struct {
		token      string
		secret     *corev1.Secret
		wantGroups []string
	}{
		"valid":                  {token: "abcdef.0123456789abcdef", secret: secret(nil), wantGroups: []string{DefaultGroup}},
		"not a bootstrap token":  {token: "abcdef-0123456789abcdef", secret: secret(nil)},
		"no secret":              {token: "abcdef.0123456789abcdef"},
		"wrong secret":           {token: "abcdef.fedcba9876543210", secret: secret(nil)},
		"being deleted":          {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.DeletionTimestamp = &deleting })},
		"another type":           {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Type = corev1.SecretTypeOpaque })},
		"id mismatch":            {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Data[IDKey] = []byte("zzzzzz") })},
		"not for authentication": {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { delete(s.Data, UsageAuthenticationKey) })},
		"expired":                {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Data[ExpirationKey] = []byte("2030-01-02T03:04:04Z") })},
		"unparsable expiration":  {token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Data[ExpirationKey] = []byte("tomorrow") })},
		"not expired yet": {
			token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Data[ExpirationKey] = []byte("2030-01-02T03:04:06Z") }),
			wantGroups: []string{DefaultGroup},
		},
		"extra groups": {
			token: "abcdef.0123456789abcdef",
			secret: secret(func(s *corev1.Secret) {
				s.Data[ExtraGroupsKey] = []byte("system:bootstrappers:kubeadm:default-node-token, system:bootstrappers:a,system:bootstrappers:a")
			}),
			wantGroups: []string{DefaultGroup, "system:bootstrappers:a", "system:bootstrappers:kubeadm:default-node-token"},
		},
		"extra group outside system:bootstrappers": {
			token: "abcdef.0123456789abcdef", secret: secret(func(s *corev1.Secret) { s.Data[ExtraGroupsKey] = []byte("system:masters") }),
		},
	} {
		t.Run(name, func(t *testing.T) {
			secrets := secretsByName{}
			if tc.secret != nil {
				secrets[tc.secret.Name] = tc.secret
			}
			a := NewAuthenticator(secrets)
			a.now = func() time.Time { return now }
			resp, ok, err := a.AuthenticateToken(context.Background(), tc.token)
			if err != nil {
				t.Fatalf("err = %v, want none: a refused bootstrap token is not an error", err)
			}
			if tc.wantGroups == nil {
				if ok {
					t.Fatalf("authenticated %v, want refused", resp.User)
				}
				return
			}
			if !ok {
				t.Fatal("refused, want authenticated")
			}
			if resp.User.GetName() != "system:bootstrap:abcdef" || !slices.Equal(resp.User.GetGroups(), tc.wantGroups) {
				t.Errorf("user = %s %v, want system:bootstrap:abcdef %v", resp.User.GetName(), resp.User.GetGroups(), tc.wantGroups)
			}
		})
	}
}
