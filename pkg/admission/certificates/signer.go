// Package certificates holds what the certificates.k8s.io admission plugins share: the check that
// a user may act for a signer, which kube-apiserver expresses as a verb on the resource
// certificates.k8s.io/signers named after the signer or after its whole domain ("example.com/*").
package certificates

import (
	"context"
	"strings"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/klog/v2"
)

// IsAuthorizedForSignerName reports whether info may verb ("approve", "sign", "attest") for
// signerName, by its own name or by the wildcard of its domain.
func IsAuthorizedForSignerName(ctx context.Context, authz authorizer.Authorizer, info user.Info, verb, signerName string) bool {
	domain, _, _ := strings.Cut(signerName, "/")
	for _, name := range []string{signerName, domain + "/*"} {
		decision, reason, err := authz.Authorize(ctx, authorizer.AttributesRecord{
			User:            info,
			Verb:            verb,
			Name:            name,
			APIGroup:        certificatesv1.GroupName,
			APIVersion:      "*",
			Resource:        "signers",
			ResourceRequest: true,
		})
		if err != nil {
			klog.V(3).InfoS("Error authorizing for signer", "user", info.GetName(), "verb", verb, "signer", name, "reason", reason, "err", err)
		}
		if decision == authorizer.DecisionAllow {
			return true
		}
	}
	return false
}
