// Package validation checks networking.k8s.io/v1 objects (ServiceCIDRs, IPAddresses, Ingresses,
// IngressClasses and NetworkPolicies) the way kube-apiserver does, with the same field paths, error
// types, messages and bad values.
package validation

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/validate/content"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// maxServiceCIDRs is one CIDR per IP family.
const maxServiceCIDRs = 2

var (
	metadataPath = field.NewPath("metadata")
	cidrsPath    = field.NewPath("spec", "cidrs")
	parentPath   = field.NewPath("spec", "parentRef")
)

// ValidateServiceCIDRName is the ServiceCIDR name rule: a DNS subdomain.
var ValidateServiceCIDRName = apimachineryvalidation.NameIsDNSSubdomain

// ValidateIPAddressName is the IPAddress name rule: the canonical text of an IP address. IPAddresses
// cannot have generated names, so prefix is ignored.
func ValidateIPAddressName(name string, prefix bool) []string {
	var msgs []string
	for _, err := range validation.IsValidIP(&field.Path{}, name) {
		msgs = append(msgs, err.Detail)
	}
	return msgs
}

// ValidateServiceCIDR checks a new ServiceCIDR.
func ValidateServiceCIDR(cidr *networkingv1.ServiceCIDR) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&cidr.ObjectMeta, false, ValidateServiceCIDRName, metadataPath)
	return append(allErrs, validateServiceCIDRSpec(&cidr.Spec)...)
}

func validateServiceCIDRSpec(spec *networkingv1.ServiceCIDRSpec) field.ErrorList {
	if len(spec.CIDRs) == 0 {
		return field.ErrorList{field.Required(cidrsPath, "at least one CIDR required")}
	}
	if len(spec.CIDRs) > maxServiceCIDRs {
		return field.ErrorList{field.Invalid(cidrsPath, corevalidation.InternalShape(spec), "may only hold up to 2 values")}
	}
	var allErrs field.ErrorList
	for i, cidr := range spec.CIDRs {
		allErrs = append(allErrs, validation.IsValidCIDR(cidrsPath.Index(i), cidr)...)
	}
	if len(spec.CIDRs) == 2 {
		family := netutils.IPFamilyOfCIDRString(spec.CIDRs[0])
		if family != netutils.IPFamilyUnknown && family == netutils.IPFamilyOfCIDRString(spec.CIDRs[1]) {
			allErrs = append(allErrs, field.Invalid(cidrsPath, spec.CIDRs, "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64"))
		}
	}
	return allErrs
}

// ValidateServiceCIDRUpdate checks an update of a ServiceCIDR: its CIDRs are immutable, except that a
// single-stack ServiceCIDR may gain a CIDR of the other family (https://issues.k8s.io/131261).
func ValidateServiceCIDRUpdate(cidr, oldCIDR *networkingv1.ServiceCIDR) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&cidr.ObjectMeta, &oldCIDR.ObjectMeta, metadataPath)
	newCIDRs, oldCIDRs := cidr.Spec.CIDRs, oldCIDR.Spec.CIDRs
	switch {
	case len(newCIDRs) == len(oldCIDRs):
		for i := range oldCIDRs {
			if newCIDRs[i] != oldCIDRs[i] {
				allErrs = append(allErrs, field.Invalid(cidrsPath.Index(i), newCIDRs[i], apimachineryvalidation.FieldImmutableErrorMsg))
			}
		}
	case len(oldCIDRs) == 1 && len(newCIDRs) == 2:
		if newCIDRs[0] != oldCIDRs[0] {
			allErrs = append(allErrs, field.Invalid(cidrsPath.Index(0), newCIDRs[0], apimachineryvalidation.FieldImmutableErrorMsg))
		}
		allErrs = append(allErrs, validateServiceCIDRSpec(&cidr.Spec)...)
	default:
		allErrs = append(allErrs, field.Invalid(cidrsPath, newCIDRs, apimachineryvalidation.FieldImmutableErrorMsg))
	}
	return allErrs
}

// ValidateServiceCIDRStatusUpdate checks a write of a ServiceCIDR's status: only the metadata rules
// apply, the conditions are the writer's.
func ValidateServiceCIDRStatusUpdate(cidr, oldCIDR *networkingv1.ServiceCIDR) field.ErrorList {
	return corevalidation.ValidateObjectMetaUpdate(&cidr.ObjectMeta, &oldCIDR.ObjectMeta, metadataPath)
}

// ValidateIPAddress checks an IPAddress, new or updated.
func ValidateIPAddress(ip *networkingv1.IPAddress) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&ip.ObjectMeta, false, ValidateIPAddressName, metadataPath)
	return append(allErrs, validateParentReference(ip.Spec.ParentRef)...)
}

func validateParentReference(ref *networkingv1.ParentReference) field.ErrorList {
	if ref == nil {
		return field.ErrorList{field.Required(parentPath, "")}
	}
	var allErrs field.ErrorList
	// The core group of services is the empty string, so group cannot be required.
	if ref.Group != "" {
		allErrs = append(allErrs, corevalidation.ValidateDNS1123Subdomain(ref.Group, parentPath.Child("group"))...)
	}
	allErrs = append(allErrs, validatePathSegment(ref.Resource, parentPath.Child("resource"), true)...)
	allErrs = append(allErrs, validatePathSegment(ref.Name, parentPath.Child("name"), true)...)
	return append(allErrs, validatePathSegment(ref.Namespace, parentPath.Child("namespace"), false)...)
}

func validatePathSegment(value string, fldPath *field.Path, required bool) field.ErrorList {
	if value == "" {
		if required {
			return field.ErrorList{field.Required(fldPath, "")}
		}
		return nil
	}
	var allErrs field.ErrorList
	for _, msg := range content.IsPathSegmentName(value) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, msg))
	}
	return allErrs
}

// ValidateIPAddressUpdate checks the change an update makes to an IPAddress: its parentRef is
// immutable.
func ValidateIPAddressUpdate(ip, oldIP *networkingv1.IPAddress) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&ip.ObjectMeta, &oldIP.ObjectMeta, metadataPath)
	if !equality.Semantic.DeepEqual(ip.Spec.ParentRef, oldIP.Spec.ParentRef) {
		allErrs = append(allErrs, field.Invalid(parentPath, corevalidation.InternalShape(ip.Spec.ParentRef), apimachineryvalidation.FieldImmutableErrorMsg))
	}
	return allErrs
}
