// Package validation validates the authentication.k8s.io types kapi serves, with kube-apiserver's
// field paths and messages.
package validation

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	// MinTokenAgeSeconds is the shortest lifetime a token may be requested for: ten minutes.
	MinTokenAgeSeconds = 10 * 60
	// maxTokenAgeSeconds is the longest: 2^32 seconds.
	maxTokenAgeSeconds = 1 << 32
)

// ValidateTokenRequest validates a defaulted TokenRequest.
func ValidateTokenRequest(tr *authenticationv1.TokenRequest) field.ErrorList {
	var allErrs field.ErrorList
	expPath := field.NewPath("spec", "expirationSeconds")
	var exp int64
	if tr.Spec.ExpirationSeconds != nil {
		exp = *tr.Spec.ExpirationSeconds
	}
	if exp < MinTokenAgeSeconds {
		allErrs = append(allErrs, field.Invalid(expPath, exp, "may not specify a duration less than 10 minutes"))
	}
	if exp > maxTokenAgeSeconds {
		allErrs = append(allErrs, field.Invalid(expPath, exp, "may not specify a duration larger than 2^32 seconds"))
	}
	return allErrs
}
