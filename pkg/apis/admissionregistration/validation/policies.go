package validation

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	validatingpolicy "k8s.io/apiserver/pkg/admission/plugin/policy/validating"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	maxAuditAnnotations = 20
	// maxAuditAnnotationValueExpressionLength is below the 10kB limit of an audit annotation's value,
	// since an expression that concatenates strings often yields a longer value than itself.
	maxAuditAnnotationValueExpressionLength = 5 * 1024
)

var supportedValidationPolicyReasons = sets.New(string(metav1.StatusReasonForbidden), string(metav1.StatusReasonInvalid), string(metav1.StatusReasonRequestEntityTooLarge))

// ValidateValidatingAdmissionPolicy checks a new ValidatingAdmissionPolicy.
func ValidateValidatingAdmissionPolicy(p *admissionregistrationv1.ValidatingAdmissionPolicy) field.ErrorList {
	return validateValidatingAdmissionPolicy(p, false, nil)
}

// ValidateValidatingAdmissionPolicyUpdate checks an update of a ValidatingAdmissionPolicy. Match
// conditions are checked again only when they or the paramKind changed.
func ValidateValidatingAdmissionPolicyUpdate(p, old *admissionregistrationv1.ValidatingAdmissionPolicy) field.ErrorList {
	unchanged := reflect.DeepEqual(p.Spec.ParamKind, old.Spec.ParamKind) && reflect.DeepEqual(p.Spec.MatchConditions, old.Spec.MatchConditions)
	stored := sets.New[string]()
	for _, mc := range old.Spec.MatchConditions {
		stored.Insert(mc.Expression)
	}
	for _, v := range old.Spec.Validations {
		stored.Insert(v.Expression, v.MessageExpression)
	}
	for _, a := range old.Spec.AuditAnnotations {
		stored.Insert(a.ValueExpression)
	}
	return validateValidatingAdmissionPolicy(p, unchanged, stored)
}

func validateValidatingAdmissionPolicy(p *admissionregistrationv1.ValidatingAdmissionPolicy, ignoreMatchConditions bool, stored expressions) field.ErrorList {
	spec, fldPath := &p.Spec, field.NewPath("spec")
	allErrs, compiler, decls := policyHead{&p.ObjectMeta, spec.FailurePolicy, spec.ParamKind, spec.MatchConstraints, spec.MatchConditions, spec.Variables}.validate(ignoreMatchConditions, stored)
	if len(spec.Validations) == 0 && len(spec.AuditAnnotations) == 0 {
		const msg = "validations or auditAnnotations must contain at least one item"
		return append(allErrs, field.Required(fldPath.Child("validations"), msg), field.Required(fldPath.Child("auditAnnotations"), msg))
	}
	for i := range spec.Validations {
		allErrs = append(allErrs, validateValidation(compiler, &spec.Validations[i], decls.HasParams, stored, fldPath.Child("validations").Index(i))...)
	}
	if len(spec.AuditAnnotations) > maxAuditAnnotations {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("auditAnnotations"), spec.AuditAnnotations, fmt.Sprintf("must not have more than %d auditAnnotations", maxAuditAnnotations)))
	}
	keys := sets.New[string]()
	for i, a := range spec.AuditAnnotations {
		aPath := fldPath.Child("auditAnnotations").Index(i)
		allErrs = append(allErrs, validateAuditAnnotation(compiler, p.Name, a, decls, stored, aPath)...)
		if keys.Has(a.Key) {
			allErrs = append(allErrs, field.Duplicate(aPath.Child("key"), a.Key))
		}
		keys.Insert(a.Key)
	}
	return allErrs
}

// policyHead is what validating and mutating policies share: the failure policy, the kind of their
// parameters, what they match, and the variables their other expressions may use.
type policyHead struct {
	meta            *metav1.ObjectMeta
	failurePolicy   *admissionregistrationv1.FailurePolicyType
	paramKind       *admissionregistrationv1.ParamKind
	match           *admissionregistrationv1.MatchResources
	matchConditions []admissionregistrationv1.MatchCondition
	variables       []admissionregistrationv1.Variable
}

// validate checks the shared part, and returns the compiler, which knows the variables, and the
// declarations with which the policy's other expressions compile. A policy must match a resource
// rule, which gives its expressions their types.
func (h policyHead) validate(ignoreMatchConditions bool, stored expressions) (field.ErrorList, *policyCompiler, plugincel.OptionalVariableDeclarations) {
	allErrs := corevalidation.ValidateObjectMeta(h.meta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	fldPath := field.NewPath("spec")
	if h.failurePolicy == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("failurePolicy"), ""))
	} else if !supportedFailurePolicies.Has(string(*h.failurePolicy)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("failurePolicy"), *h.failurePolicy, sets.List(supportedFailurePolicies)))
	}
	if h.paramKind != nil {
		allErrs = append(allErrs, validateParamKind(h.paramKind, fldPath.Child("paramKind"))...)
	}
	if h.match == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("matchConstraints"), ""))
	} else {
		allErrs = append(allErrs, validateMatchResources(h.match, fldPath.Child("matchConstraints"))...)
		if len(h.match.ResourceRules) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child("matchConstraints", "resourceRules"), ""))
		}
	}
	hasParams := h.paramKind != nil
	if !ignoreMatchConditions {
		allErrs = append(allErrs, validateMatchConditions(h.matchConditions, hasParams, stored, fldPath.Child("matchConditions"))...)
	}
	compiler := &policyCompiler{hasVariables: len(h.variables) > 0}
	decls := plugincel.OptionalVariableDeclarations{HasParams: hasParams, HasAuthorizer: true}
	for i, v := range h.variables {
		allErrs = append(allErrs, validateVariable(compiler, v.Name, v.Expression, decls, stored, fldPath.Child("variables").Index(i))...)
	}
	return allErrs, compiler, decls
}

func validateParamKind(k *admissionregistrationv1.ParamKind, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	apiVersion := fldPath.Child("apiVersion")
	switch group, version, err := parseGroupVersion(k.APIVersion); {
	case k.APIVersion == "":
		allErrs = append(allErrs, field.Required(apiVersion, ""))
	case err != nil:
		allErrs = append(allErrs, field.Invalid(apiVersion, k.APIVersion, err.Error()))
	default:
		// As for an APIService's group and version.
		if group != "" {
			if errs := utilvalidation.IsDNS1123Subdomain(group); len(errs) > 0 {
				allErrs = append(allErrs, field.Invalid(apiVersion, group, strings.Join(errs, ",")))
			}
		}
		if version == "" {
			allErrs = append(allErrs, field.Invalid(apiVersion, k.APIVersion, "version must be specified"))
		} else if errs := utilvalidation.IsDNS1035Label(version); len(errs) > 0 {
			allErrs = append(allErrs, field.Invalid(apiVersion, version, strings.Join(errs, ",")))
		}
	}
	if k.Kind == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("kind"), ""))
	} else if errs := utilvalidation.IsDNS1035Label(strings.ToLower(k.Kind)); len(errs) > 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("kind"), k.Kind, "may have mixed case, but should otherwise match: "+strings.Join(errs, ",")))
	}
	return allErrs
}

// parseGroupVersion splits "group/version" or "version".
func parseGroupVersion(gv string) (group, version string, err error) {
	if gv == "" || gv == "/" {
		return "", "", nil
	}
	switch strings.Count(gv, "/") {
	case 0:
		return "", gv, nil
	case 1:
		group, version, _ = strings.Cut(gv, "/")
		return group, version, nil
	default:
		return "", "", fmt.Errorf("unexpected GroupVersion string: %v", gv)
	}
}

var newlines = regexp.MustCompile(`[\n\r]+`)

func validateValidation(c *policyCompiler, v *admissionregistrationv1.Validation, hasParams bool, stored expressions, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if strings.TrimSpace(v.Expression) == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("expression"), "expression is not specified"))
	} else {
		decls := plugincel.OptionalVariableDeclarations{HasParams: hasParams, HasAuthorizer: true}
		allErrs = append(allErrs, compile(c.get(), &validatingpolicy.ValidationCondition{Expression: v.Expression}, decls, stored, fldPath.Child("expression"))...)
	}
	if v.MessageExpression != "" && strings.TrimSpace(v.MessageExpression) == "" {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("messageExpression"), v.MessageExpression, "must be non-empty if specified"))
	} else if v.MessageExpression != "" {
		// The untrimmed expression keeps the compiler's column numbers right. As upstream, message
		// expressions see params only where match conditions do, and no authorizer.
		decls := plugincel.OptionalVariableDeclarations{HasParams: hasParams}
		allErrs = append(allErrs, compile(c.get(), &validatingpolicy.MessageExpressionCondition{MessageExpression: v.MessageExpression}, decls, stored, fldPath.Child("messageExpression"))...)
	}
	msg := strings.TrimSpace(v.Message)
	if v.Message != "" && msg == "" {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("message"), v.Message, "message must be non-empty if specified"))
	} else if newlines.MatchString(msg) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("message"), v.Message, "message must not contain line breaks"))
	}
	if v.Reason != nil && !supportedValidationPolicyReasons.Has(string(*v.Reason)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("reason"), *v.Reason, sets.List(supportedValidationPolicyReasons)))
	}
	return allErrs
}

func validateAuditAnnotation(c *policyCompiler, policyName string, a admissionregistrationv1.AuditAnnotation, decls plugincel.OptionalVariableDeclarations, stored expressions, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if policyName != "" {
		allErrs = append(allErrs, corevalidation.ValidateQualifiedName(policyName+"/"+a.Key, fldPath.Child("key"))...)
	} else {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("key"), a.Key, "requires metadata.name be non-empty"))
	}
	value := fldPath.Child("valueExpression")
	switch expr := strings.TrimSpace(a.ValueExpression); {
	case expr == "":
		allErrs = append(allErrs, field.Required(value, "valueExpression is not specified"))
	case len(expr) > maxAuditAnnotationValueExpressionLength:
		allErrs = append(allErrs, field.Required(value, fmt.Sprintf("must not exceed %d bytes in length", maxAuditAnnotationValueExpressionLength)))
	default:
		result := c.get().CompileCELExpression(&validatingpolicy.AuditAnnotationCondition{ValueExpression: expr}, decls, envType(a.ValueExpression, stored))
		if result.Error != nil {
			allErrs = append(allErrs, compileError(value, a.ValueExpression, result.Error))
		}
	}
	return allErrs
}
