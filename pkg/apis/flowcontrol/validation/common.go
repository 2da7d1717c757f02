package validation

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// supportedVerbs are the verbs a policy rule may name besides "*".
var supportedVerbs = sets.New("get", "list", "create", "update", "delete", "deletecollection", "patch", "watch", "proxy")

// validateVerbs checks the verbs of a resource or non-resource rule.
func validateVerbs(verbs []string, fldPath *field.Path) field.ErrorList {
	switch {
	case len(verbs) == 0:
		return field.ErrorList{field.Required(fldPath, "verbs must contain at least one value")}
	case slices.Contains(verbs, "*"):
		if len(verbs) > 1 {
			return field.ErrorList{field.Invalid(fldPath, verbs, "if '*' is present, must not specify other verbs")}
		}
	case !supportedVerbs.IsSuperset(sets.New(verbs...)):
		return field.ErrorList{field.NotSupported(fldPath, verbs, sets.List(supportedVerbs))}
	}
	return nil
}

// wildcardAlone reports a list that holds "*" next to other values; what is lists them as upstream's
// message words it ("api groups", "resources").
func wildcardAlone(values []string, what string, fldPath *field.Path) *field.Error {
	if len(values) > 1 && slices.Contains(values, "*") {
		return field.Invalid(fldPath, values, fmt.Sprintf("if '*' is present, must not specify other %s", what))
	}
	return nil
}

// validateNonResourceURLPath checks one non-resource URL: absolute, without white-space or empty
// segments, and with at most a trailing "/*" wildcard, which matches every path below.
func validateNonResourceURLPath(path string, fldPath *field.Path) *field.Error {
	switch {
	case path == "":
		return field.Invalid(fldPath, path, "must not be empty")
	case path == "/":
		return nil
	case !strings.HasPrefix(path, "/"):
		return field.Invalid(fldPath, path, "must start with slash")
	case strings.Contains(path, " "):
		return field.Invalid(fldPath, path, "must not contain white-space")
	case strings.Contains(path, "//"):
		return field.Invalid(fldPath, path, "must not contain double slash")
	}
	if n := strings.Count(path, "*"); n > 1 || (n == 1 && !strings.HasSuffix(path, "/*")) {
		return field.Invalid(fldPath, path, "wildcard can only do suffix matching")
	}
	return nil
}

// validateConditionTypes checks that the conditions at fldPath each have a type, and a distinct one.
func validateConditionTypes(types []string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, t := range types {
		if seen.Has(t) {
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i).Child("type"), t))
		}
		seen.Insert(t)
		if t == "" {
			allErrs = append(allErrs, field.Required(fldPath.Index(i).Child("type"), "must not be empty"))
		}
	}
	return allErrs
}
