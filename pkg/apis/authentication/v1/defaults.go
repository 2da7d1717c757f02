package v1

import (
	authenticationv1 "k8s.io/api/authentication/v1"
)

// defaultTokenExpirationSeconds is how long a requested token lives when the request does not say:
// an hour, as in kube-apiserver.
const defaultTokenExpirationSeconds = int64(60 * 60)

// SetDefaults_TokenRequestSpec defaults the requested token lifetime.
func SetDefaults_TokenRequestSpec(obj *authenticationv1.TokenRequestSpec) {
	if obj.ExpirationSeconds == nil {
		exp := defaultTokenExpirationSeconds
		obj.ExpirationSeconds = &exp
	}
}
