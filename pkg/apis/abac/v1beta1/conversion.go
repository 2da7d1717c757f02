package v1beta1

import (
	"k8s.io/apimachinery/pkg/conversion"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
)

// allAuthenticated is the group every authenticated user is in. Spelt out rather than imported, so the
// file format types do not depend on the server's authentication packages.
const allAuthenticated = "system:authenticated"

// Convert_v1beta1_Policy_To_abac_Policy copies the rule, then narrows a "*" user or group to every
// authenticated user, so that a wildcard rule never admits anonymous requests.
func Convert_v1beta1_Policy_To_abac_Policy(in *Policy, out *abac.Policy, s conversion.Scope) error {
	if err := autoConvert_v1beta1_Policy_To_abac_Policy(in, out, s); err != nil {
		return err
	}
	if in.Spec.User == "*" || in.Spec.Group == "*" {
		out.Spec.User = ""
		out.Spec.Group = allAuthenticated
	}
	return nil
}
