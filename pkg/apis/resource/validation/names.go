// Package validation checks resource.k8s.io objects the way kube-apiserver v1.37 does. Each check
// here is one that kube-apiserver keeps hand-written; the rules that the +k8s: tags of the
// k8s.io/api types declare (list sizes, uniqueness, enums, most name formats) are left to the
// declarative validation in declarative.go, whose errors kube-apiserver reports in their place.
package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/api/validate/content"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// attributeKeyMaxLength is the longest attribute or capacity name worth showing in full in a field
// path: a domain, a slash and an identifier.
const attributeKeyMaxLength = resourcev1.DeviceMaxDomainLength + 1 + resourcev1.DeviceMaxIDLength

var (
	validateDeviceName      = corevalidation.ValidateDNS1123Label
	validateDeviceClassName = corevalidation.ValidateDNS1123Subdomain
	validateRequestName     = corevalidation.ValidateDNS1123Label
)

// validateDriverName applies the rules of a CSI driver name, which a DRA driver name shares:
// required, at most 63 characters, and a DNS subdomain once lower-cased.
func validateDriverName(name string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if name == "" {
		allErrs = append(allErrs, field.Required(fldPath, ""))
	}
	if len(name) > resourcev1.DriverNameMaxLength {
		allErrs = append(allErrs, field.TooLong(fldPath, name, resourcev1.DriverNameMaxLength))
	}
	for _, msg := range validation.IsDNS1123Subdomain(strings.ToLower(name)) {
		allErrs = append(allErrs, field.Invalid(fldPath, name, msg))
	}
	return allErrs
}

// validatePoolName checks a pool name: one or more DNS subdomains separated by slashes.
func validatePoolName(name string, fldPath *field.Path) field.ErrorList {
	if name == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	var allErrs field.ErrorList
	if len(name) > resourcev1.PoolNameMaxLength {
		allErrs = append(allErrs, field.TooLong(fldPath, "", resourcev1.PoolNameMaxLength).WithOrigin("format=k8s-resource-pool-name"))
	}
	for _, part := range strings.Split(name, "/") {
		allErrs = append(allErrs, corevalidation.ValidateDNS1123Subdomain(part, fldPath).WithOrigin("format=k8s-resource-pool-name")...)
	}
	return allErrs
}

// validateNodeName reports a node name that a Node could not have.
func validateNodeName(name string, fldPath *field.Path) field.ErrorList {
	return corevalidation.ValidateNameWith(apimachineryvalidation.NameIsDNSSubdomain, name, fldPath)
}

// validateNodeNameAndSelector checks the node name and node selector that a slice, or one of its
// devices, may give to say which nodes reach its devices, adding those that are set to set. An
// empty node name is reported with emptyName.
func validateNodeNameAndSelector(nodeName *string, selector *corev1.NodeSelector, emptyName string, set *[]string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if nodeName != nil {
		if *nodeName != "" {
			*set = append(*set, "`nodeName`")
			allErrs = append(allErrs, validateNodeName(*nodeName, fldPath.Child("nodeName"))...)
		} else {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("nodeName"), *nodeName, emptyName))
		}
	}
	if selector != nil {
		*set = append(*set, "`nodeSelector`")
		allErrs = append(allErrs, corevalidation.ValidateNodeSelector(selector, false, fldPath.Child("nodeSelector"))...)
	}
	return allErrs
}

// validateQualifiedName checks an attribute or capacity name: a C identifier, optionally after a
// driver-name domain and a slash.
func validateQualifiedName(name resourcev1.QualifiedName, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	parts := strings.Split(string(name), "/")
	switch len(parts) {
	case 1:
		allErrs = append(allErrs, validateCIdentifier(parts[0], fldPath)...)
	case 2:
		if parts[0] == "" {
			allErrs = append(allErrs, field.Invalid(fldPath, "", "the domain must not be empty"))
		} else {
			allErrs = append(allErrs, validateDriverName(parts[0], fldPath)...)
		}
		if parts[1] == "" {
			allErrs = append(allErrs, field.Invalid(fldPath, "", "the name must not be empty"))
		} else {
			allErrs = append(allErrs, validateCIdentifier(parts[1], fldPath)...)
		}
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, string(name), "must not contain more than one slash"))
	}
	return allErrs
}

func validateCIdentifier(id string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(id) > resourcev1.DeviceMaxIDLength {
		allErrs = append(allErrs, field.TooLong(fldPath, "", resourcev1.DeviceMaxIDLength))
	}
	for _, msg := range content.IsCIdentifier(id) {
		allErrs = append(allErrs, field.Invalid(fldPath, id, msg))
	}
	return allErrs
}

// validateLabelValue reports every way value fails to be a label value.
func validateLabelValue(value string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsValidLabelValue(value) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, msg))
	}
	return allErrs
}

// truncateKey shortens a map key for a field path by cutting out its middle, so that an
// over-long key does not make the error message as long as the key.
func truncateKey(key string, maxLen int) string {
	maxLen = max(maxLen, 16)
	if len(key) <= maxLen {
		return key
	}
	const ellipsis = "..."
	remaining := maxLen - len(ellipsis)
	return fmt.Sprintf("%s%s%s", key[:(remaining+1)/2], ellipsis, key[len(key)-remaining/2:])
}
