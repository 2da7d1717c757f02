package validation

import (
	networkingv1 "k8s.io/api/networking/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// maxIngressClassControllerLength bounds spec.controller.
const maxIngressClassControllerLength = 250

var supportedParametersScopes = sets.NewString(
	networkingv1.IngressClassParametersReferenceScopeNamespace,
	networkingv1.IngressClassParametersReferenceScopeCluster,
)

// ValidateIngressClassName is the IngressClass name rule, also applied to an Ingress's
// spec.ingressClassName: a DNS subdomain.
var ValidateIngressClassName = apimachineryvalidation.NameIsDNSSubdomain

// ValidateIngressClass checks an IngressClass, new or updated.
func ValidateIngressClass(class *networkingv1.IngressClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&class.ObjectMeta, false, ValidateIngressClassName, metadataPath)
	return append(allErrs, validateIngressClassSpec(&class.Spec)...)
}

// ValidateIngressClassUpdate checks an updated IngressClass: its controller is immutable.
func ValidateIngressClassUpdate(class, oldClass *networkingv1.IngressClass) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&class.ObjectMeta, &oldClass.ObjectMeta, metadataPath)
	allErrs = append(allErrs, apimachineryvalidation.ValidateImmutableField(class.Spec.Controller, oldClass.Spec.Controller, specPath.Child("controller"))...)
	return append(allErrs, ValidateIngressClass(class)...)
}

func validateIngressClassSpec(spec *networkingv1.IngressClassSpec) field.ErrorList {
	var allErrs field.ErrorList
	controllerPath := specPath.Child("controller")
	if spec.Controller == "" {
		allErrs = append(allErrs, field.Required(controllerPath, ""))
	} else {
		if len(spec.Controller) > maxIngressClassControllerLength {
			allErrs = append(allErrs, field.TooLong(controllerPath, "", maxIngressClassControllerLength))
		}
		allErrs = append(allErrs, validation.IsDomainPrefixedPath(controllerPath, spec.Controller)...)
	}
	if spec.Parameters != nil {
		allErrs = append(allErrs, validateParametersReference(spec.Parameters, specPath.Child("parameters"))...)
	}
	return allErrs
}

func validateParametersReference(params *networkingv1.IngressClassParametersReference, fldPath *field.Path) field.ErrorList {
	allErrs := validateObjectReference(params.APIGroup, params.Kind, params.Name, fldPath)
	if params.Scope == nil {
		return append(allErrs, field.Required(fldPath.Child("scope"), ""))
	}
	scope := *params.Scope
	namespacePath := fldPath.Child("namespace")
	switch {
	case !supportedParametersScopes.Has(scope):
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("scope"), scope, supportedParametersScopes.List()))
	case scope == networkingv1.IngressClassParametersReferenceScopeNamespace && params.Namespace == nil:
		allErrs = append(allErrs, field.Required(namespacePath, "`parameters.scope` is set to 'Namespace'"))
	case scope == networkingv1.IngressClassParametersReferenceScopeNamespace:
		allErrs = append(allErrs, corevalidation.ValidateNameWith(apimachineryvalidation.ValidateNamespaceName, *params.Namespace, namespacePath)...)
	case params.Namespace != nil:
		allErrs = append(allErrs, field.Forbidden(namespacePath, "`parameters.scope` is set to 'Cluster'"))
	}
	return allErrs
}
