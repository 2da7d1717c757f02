// Package validation validates the authentication.k8s.io types kapi serves, with kube-apiserver's
// field paths and messages.
package validation

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateTokenRequest validates a defaulted TokenRequest.
func ValidateTokenRequest(tr *authenticationv1.TokenRequest) field.ErrorList {
	return corevalidation.ValidateTokenExpiration(tr.Spec.ExpirationSeconds, field.NewPath("spec", "expirationSeconds"))
}
