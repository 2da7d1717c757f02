package validation

import (
	rbacv1 "k8s.io/api/rbac/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateRoleBinding checks a new RoleBinding, which may reference a Role or a ClusterRole.
func ValidateRoleBinding(binding *rbacv1.RoleBinding) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&binding.ObjectMeta, true, ValidateRBACName, field.NewPath("metadata"))
	allErrs = append(allErrs, validateRoleRef(binding.RoleRef, []string{"Role", "ClusterRole"})...)
	return append(allErrs, validateSubjects(binding.Subjects, true)...)
}

// ValidateRoleBindingUpdate checks an update of a RoleBinding, whose roleRef is immutable.
func ValidateRoleBindingUpdate(binding, oldBinding *rbacv1.RoleBinding) field.ErrorList {
	allErrs := ValidateRoleBinding(binding)
	allErrs = append(allErrs, corevalidation.ValidateObjectMetaUpdate(&binding.ObjectMeta, &oldBinding.ObjectMeta, field.NewPath("metadata"))...)
	return append(allErrs, validateRoleRefUnchanged(binding.RoleRef, oldBinding.RoleRef)...)
}

// ValidateClusterRoleBinding checks a new ClusterRoleBinding, which may only reference a ClusterRole.
func ValidateClusterRoleBinding(binding *rbacv1.ClusterRoleBinding) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&binding.ObjectMeta, false, ValidateRBACName, field.NewPath("metadata"))
	allErrs = append(allErrs, validateRoleRef(binding.RoleRef, []string{"ClusterRole"})...)
	return append(allErrs, validateSubjects(binding.Subjects, false)...)
}

// ValidateClusterRoleBindingUpdate checks an update of a ClusterRoleBinding, whose roleRef is immutable.
func ValidateClusterRoleBindingUpdate(binding, oldBinding *rbacv1.ClusterRoleBinding) field.ErrorList {
	allErrs := ValidateClusterRoleBinding(binding)
	allErrs = append(allErrs, corevalidation.ValidateObjectMetaUpdate(&binding.ObjectMeta, &oldBinding.ObjectMeta, field.NewPath("metadata"))...)
	return append(allErrs, validateRoleRefUnchanged(binding.RoleRef, oldBinding.RoleRef)...)
}

func validateRoleRef(ref rbacv1.RoleRef, kinds []string) field.ErrorList {
	var allErrs field.ErrorList
	refPath := field.NewPath("roleRef")
	if ref.APIGroup != rbacv1.GroupName {
		allErrs = append(allErrs, field.NotSupported(refPath.Child("apiGroup"), ref.APIGroup, []string{rbacv1.GroupName}))
	}
	kindOK := false
	for _, k := range kinds {
		kindOK = kindOK || ref.Kind == k
	}
	if !kindOK {
		allErrs = append(allErrs, field.NotSupported(refPath.Child("kind"), ref.Kind, kinds))
	}
	if ref.Name == "" {
		return append(allErrs, field.Required(refPath.Child("name"), ""))
	}
	for _, msg := range ValidateRBACName(ref.Name, false) {
		allErrs = append(allErrs, field.Invalid(refPath.Child("name"), ref.Name, msg))
	}
	return allErrs
}

func validateRoleRefUnchanged(ref, oldRef rbacv1.RoleRef) field.ErrorList {
	if ref != oldRef {
		return field.ErrorList{field.Invalid(field.NewPath("roleRef"), ref, "cannot change roleRef")}
	}
	return nil
}

func validateSubjects(subjects []rbacv1.Subject, namespaced bool) field.ErrorList {
	var allErrs field.ErrorList
	for i := range subjects {
		allErrs = append(allErrs, ValidateSubject(subjects[i], namespaced, field.NewPath("subjects").Index(i))...)
	}
	return allErrs
}

// ValidateSubject checks one subject of a binding. A ServiceAccount in a ClusterRoleBinding must name
// its namespace; in a RoleBinding it defaults to the binding's.
func ValidateSubject(subject rbacv1.Subject, namespaced bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if subject.Name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	}
	switch subject.Kind {
	case rbacv1.ServiceAccountKind:
		if subject.Name != "" {
			for _, msg := range apimachineryvalidation.ValidateServiceAccountName(subject.Name, false) {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), subject.Name, msg))
			}
		}
		if subject.APIGroup != "" {
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("apiGroup"), subject.APIGroup, []string{""}))
		}
		if !namespaced && subject.Namespace == "" {
			allErrs = append(allErrs, field.Required(fldPath.Child("namespace"), ""))
		}
	case rbacv1.UserKind, rbacv1.GroupKind:
		if subject.APIGroup != rbacv1.GroupName {
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("apiGroup"), subject.APIGroup, []string{rbacv1.GroupName}))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("kind"), subject.Kind, []string{rbacv1.ServiceAccountKind, rbacv1.UserKind, rbacv1.GroupKind}))
	}
	return allErrs
}
