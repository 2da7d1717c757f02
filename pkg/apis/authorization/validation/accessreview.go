package validation

import (
	authorizationv1 "k8s.io/api/authorization/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateSubjectAccessReview checks a SubjectAccessReview: a valid spec and no metadata.
func ValidateSubjectAccessReview(sar *authorizationv1.SubjectAccessReview) field.ErrorList {
	errs := ValidateSubjectAccessReviewSpec(sar.Spec, field.NewPath("spec"))
	if !metadataEmpty(sar.ObjectMeta, false) {
		errs = append(errs, field.Invalid(field.NewPath("metadata"), sar.ObjectMeta, "must be empty"))
	}
	return errs
}

// ValidateSelfSubjectAccessReview checks a SelfSubjectAccessReview: a valid spec and no metadata.
func ValidateSelfSubjectAccessReview(sar *authorizationv1.SelfSubjectAccessReview) field.ErrorList {
	errs := ValidateSelfSubjectAccessReviewSpec(sar.Spec, field.NewPath("spec"))
	if !metadataEmpty(sar.ObjectMeta, false) {
		errs = append(errs, field.Invalid(field.NewPath("metadata"), sar.ObjectMeta, "must be empty"))
	}
	return errs
}

// ValidateLocalSubjectAccessReview checks a LocalSubjectAccessReview: a valid spec about resources in
// the review's own namespace, and no metadata but that namespace.
func ValidateLocalSubjectAccessReview(sar *authorizationv1.LocalSubjectAccessReview) field.ErrorList {
	errs := ValidateSubjectAccessReviewSpec(sar.Spec, field.NewPath("spec"))
	if !metadataEmpty(sar.ObjectMeta, true) {
		errs = append(errs, field.Invalid(field.NewPath("metadata"), sar.ObjectMeta, "must be empty except for namespace"))
	}
	if ra := sar.Spec.ResourceAttributes; ra != nil && ra.Namespace != sar.Namespace {
		errs = append(errs, field.Invalid(field.NewPath("spec", "resourceAttributes", "namespace"), ra.Namespace, "must match metadata.namespace"))
	}
	if sar.Spec.NonResourceAttributes != nil {
		errs = append(errs, field.Invalid(field.NewPath("spec", "nonResourceAttributes"), sar.Spec.NonResourceAttributes, "disallowed on this kind of request"))
	}
	return errs
}

// ValidateSubjectAccessReviewSpec checks that the spec asks about exactly one kind of request, for a
// named user or group.
func ValidateSubjectAccessReviewSpec(spec authorizationv1.SubjectAccessReviewSpec, path *field.Path) field.ErrorList {
	errs := validateAttributesChoice(spec.ResourceAttributes, spec.NonResourceAttributes, path)
	if spec.User == "" && len(spec.Groups) == 0 {
		errs = append(errs, field.Invalid(path.Child("user"), spec.User, "at least one of user or group must be specified"))
	}
	return append(errs, validateResourceAttributes(spec.ResourceAttributes, field.NewPath("spec", "resourceAttributes"))...)
}

// ValidateSelfSubjectAccessReviewSpec checks that the spec asks about exactly one kind of request.
func ValidateSelfSubjectAccessReviewSpec(spec authorizationv1.SelfSubjectAccessReviewSpec, path *field.Path) field.ErrorList {
	errs := validateAttributesChoice(spec.ResourceAttributes, spec.NonResourceAttributes, path)
	return append(errs, validateResourceAttributes(spec.ResourceAttributes, field.NewPath("spec", "resourceAttributes"))...)
}

// validateAttributesChoice requires exactly one of resource and non-resource attributes. The missing
// case reports the (nil) non-resource attributes as the value, as kube-apiserver does.
func validateAttributesChoice(res *authorizationv1.ResourceAttributes, nonRes *authorizationv1.NonResourceAttributes, path *field.Path) field.ErrorList {
	switch {
	case res != nil && nonRes != nil:
		return field.ErrorList{field.Invalid(path.Child("nonResourceAttributes"), nonRes, "cannot be specified in combination with resourceAttributes")}
	case res == nil && nonRes == nil:
		return field.ErrorList{field.Invalid(path.Child("resourceAttributes"), nonRes, "exactly one of nonResourceAttributes or resourceAttributes must be specified")}
	}
	return nil
}

// metadataEmpty reports whether meta is empty but for the managed fields the server itself records,
// and, if allowNamespace, the namespace.
func metadataEmpty(meta metav1.ObjectMeta, allowNamespace bool) bool {
	meta.ManagedFields = nil
	if allowNamespace {
		meta.Namespace = ""
	}
	return apiequality.Semantic.DeepEqual(metav1.ObjectMeta{}, meta)
}
