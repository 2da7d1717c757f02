package v0

import (
	"k8s.io/apimachinery/pkg/conversion"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
)

// allAuthenticated is the group every authenticated user is in. Spelt out rather than imported, so the
// file format types do not depend on the server's authentication packages.
const allAuthenticated = "system:authenticated"

// Convert_v0_Policy_To_abac_Policy gives v0's implicit wildcards their explicit meaning: empty or "*"
// subjects are every authenticated user, empty namespace and resource are "*", every rule covers every
// API group, and a rule naming neither namespace nor resource covers every non-resource path.
func Convert_v0_Policy_To_abac_Policy(in *Policy, out *abac.Policy, _ conversion.Scope) error {
	out.Spec = abac.PolicySpec{
		User:      in.User,
		Group:     in.Group,
		Readonly:  in.Readonly,
		APIGroup:  "*",
		Resource:  orWildcard(in.Resource),
		Namespace: orWildcard(in.Namespace),
	}
	if (in.User == "" && in.Group == "") || in.User == "*" || in.Group == "*" {
		out.Spec.User = ""
		out.Spec.Group = allAuthenticated
	}
	if in.Namespace == "" && in.Resource == "" {
		out.Spec.NonResourcePath = "*"
	}
	return nil
}

func orWildcard(s string) string {
	if s == "" {
		return "*"
	}
	return s
}
