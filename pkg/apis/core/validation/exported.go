package validation

import (
	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateObjectMeta is the metadata check upstream's other groups borrow from the core group: the
// generic rules plus the rule that a finalizer name is standard or domain-qualified.
func ValidateObjectMeta(meta *metav1.ObjectMeta, namespaced bool, nameFn apimachineryvalidation.ValidateNameFunc, fldPath *field.Path) field.ErrorList {
	return validateObjectMeta(meta, namespaced, nameFn, fldPath)
}

// ValidateObjectMetaUpdate is the update counterpart of ValidateObjectMeta.
func ValidateObjectMetaUpdate(newMeta, oldMeta *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	return validateObjectMetaUpdate(newMeta, oldMeta, fldPath)
}

// InternalShape wraps a struct bad value so that an error message prints it the way upstream does,
// with the untagged Go field names of its internal type. Only wrap v1 types whose fields have the
// same names and order as the internal type's.
func InternalShape(v interface{}) interface{} { return internalShape{v} }

// ValidateNonSpecialIP rejects an IP address that cannot name a reachable endpoint: unspecified,
// loopback or link-local.
func ValidateNonSpecialIP(ipAddress string, fldPath *field.Path) field.ErrorList {
	return validateNonSpecialIP(ipAddress, fldPath)
}

// ValidatePortProtocol reports a port protocol other than TCP, UDP or SCTP, listing those three.
func ValidatePortProtocol(protocol corev1.Protocol, fldPath *field.Path) field.ErrorList {
	return validatePortProtocol(protocol, fldPath)
}

// ValidateNameWith reports every message nameFn returns for name as an Invalid error at fldPath.
func ValidateNameWith(nameFn apimachineryvalidation.ValidateNameFunc, name string, fldPath *field.Path) field.ErrorList {
	return validateNameWith(nameFn, name, fldPath)
}

// ValidateDNS1123Label reports every way value fails to be a DNS-1123 label.
func ValidateDNS1123Label(value string, fldPath *field.Path) field.ErrorList {
	return validateDNS1123Label(value, fldPath)
}

// ValidateDNS1123Subdomain reports every way value fails to be a DNS-1123 subdomain.
func ValidateDNS1123Subdomain(value string, fldPath *field.Path) field.ErrorList {
	return validateDNS1123Subdomain(value, fldPath)
}

// ValidateQualifiedName reports every way value fails to be a qualified name (an optional DNS
// subdomain prefix and a slash before a name part).
func ValidateQualifiedName(value string, fldPath *field.Path) field.ErrorList {
	return validateQualifiedName(value, fldPath)
}

// ValidateTokenExpiration bounds a requested service account token lifetime to between ten minutes
// and 2^32 seconds, for TokenRequests and projected token volumes alike.
func ValidateTokenExpiration(expirationSeconds *int64, fldPath *field.Path) field.ErrorList {
	return validateTokenExpiration(expirationSeconds, fldPath)
}

// ValidateInlinePersistentVolumeSpec checks a persistent volume spec inlined in another object, such
// as a VolumeAttachment's source: a CSI volume without capacity, claim or storage class.
func ValidateInlinePersistentVolumeSpec(spec *corev1.PersistentVolumeSpec, fldPath *field.Path) field.ErrorList {
	return validatePersistentVolumeSpec(spec, true, fldPath)
}

// ValidateCSIDriverName requires a CSI driver name of at most 63 characters that, lowercased, is a
// DNS subdomain.
func ValidateCSIDriverName(driver string, fldPath *field.Path) field.ErrorList {
	return validateCSIDriverName(driver, fldPath)
}

// IsNativeResource tells whether a resource name is Kubernetes' own: unprefixed or in the
// kubernetes.io namespace.
func IsNativeResource(name corev1.ResourceName) bool { return isNativeResource(name) }

// IsExtendedResourceName tells whether a container's resource name is an extended resource, such as
// example.com/gpu.
func IsExtendedResourceName(name corev1.ResourceName) bool { return isExtendedResourceName(name) }

// ValidateNodeSelector checks a node selector as pod affinity does: at least one term, each with
// valid requirements and fields. allowInvalidLabelValues keeps stored values that predate the rules.
func ValidateNodeSelector(selector *corev1.NodeSelector, allowInvalidLabelValues bool, fldPath *field.Path) field.ErrorList {
	return validateNodeSelector(selector, allowInvalidLabelValues, fldPath)
}

// ValidateTemplateObjectMeta checks the metadata of an object template, such as a
// ResourceClaimTemplate's: labels and annotations only, as for a claim template of a volume.
func ValidateTemplateObjectMeta(meta *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	allErrs := apimachineryvalidation.ValidateAnnotations(meta.Annotations, fldPath.Child("annotations"))
	allErrs = append(allErrs, metav1validation.ValidateLabels(meta.Labels, fldPath.Child("labels"))...)
	return append(allErrs, validateFieldAllowList(*meta, allowedClaimTemplateMetaFields, "cannot be set", fldPath)...)
}
