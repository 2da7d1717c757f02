package validation

import "k8s.io/apimachinery/pkg/api/validation/path"

// ValidateRBACName is upstream's deliberately loose name rule for roles and bindings: any name that can
// be a path segment, so that names like "system:node" are allowed.
func ValidateRBACName(name string, prefix bool) []string {
	return path.IsValidPathSegmentName(name)
}
