package validation

import (
	"fmt"
	"reflect"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch"
)

var supportedPatchTypes = []string{string(admissionregistrationv1.PatchTypeApplyConfiguration), string(admissionregistrationv1.PatchTypeJSONPatch)}

// ValidateMutatingAdmissionPolicy checks a new MutatingAdmissionPolicy.
func ValidateMutatingAdmissionPolicy(p *admissionregistrationv1.MutatingAdmissionPolicy) field.ErrorList {
	return validateMutatingAdmissionPolicy(p, false, nil)
}

// ValidateMutatingAdmissionPolicyUpdate checks an update of a MutatingAdmissionPolicy. Match
// conditions are checked again only when they or the paramKind changed.
func ValidateMutatingAdmissionPolicyUpdate(p, old *admissionregistrationv1.MutatingAdmissionPolicy) field.ErrorList {
	unchanged := reflect.DeepEqual(p.Spec.ParamKind, old.Spec.ParamKind) && reflect.DeepEqual(p.Spec.MatchConditions, old.Spec.MatchConditions)
	stored := sets.New[string]()
	for _, mc := range old.Spec.MatchConditions {
		stored.Insert(mc.Expression)
	}
	for _, v := range old.Spec.Variables {
		stored.Insert(v.Expression)
	}
	for _, m := range old.Spec.Mutations {
		if m.JSONPatch != nil {
			stored.Insert(m.JSONPatch.Expression)
		}
		if m.ApplyConfiguration != nil {
			stored.Insert(m.ApplyConfiguration.Expression)
		}
	}
	return validateMutatingAdmissionPolicy(p, unchanged, stored)
}

func validateMutatingAdmissionPolicy(p *admissionregistrationv1.MutatingAdmissionPolicy, ignoreMatchConditions bool, stored expressions) field.ErrorList {
	spec, fldPath := &p.Spec, field.NewPath("spec")
	allErrs, compiler, decls := policyHead{&p.ObjectMeta, spec.FailurePolicy, spec.ParamKind, spec.MatchConstraints, spec.MatchConditions, spec.Variables}.validate(ignoreMatchConditions, stored)
	if len(spec.Mutations) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("mutations"), "mutations must contain at least one item"))
	}
	decls.HasPatchTypes = true
	for i := range spec.Mutations {
		allErrs = append(allErrs, validateMutation(compiler, &spec.Mutations[i], decls, stored, fldPath.Child("mutations").Index(i))...)
	}
	if spec.ReinvocationPolicy == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("reinvocationPolicy"), ""))
	} else if !supportedReinvocationPolicies.Has(string(spec.ReinvocationPolicy)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("reinvocationPolicy"), spec.ReinvocationPolicy, sets.List(supportedReinvocationPolicies)))
	}
	return allErrs
}

// validateMutation checks that a mutation carries the patch its type names, and no other, and that
// the patch's expression compiles to that kind of patch.
func validateMutation(c *policyCompiler, m *admissionregistrationv1.Mutation, decls plugincel.OptionalVariableDeclarations, stored expressions, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	var expression string
	var accessor plugincel.ExpressionAccessor
	var exprPath *field.Path
	switch m.PatchType {
	case admissionregistrationv1.PatchTypeJSONPatch:
		if m.ApplyConfiguration != nil {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("applyConfiguration"), "{applyConfiguration}", fmt.Sprintf("must not be specified when patchType is %s", m.PatchType)))
		}
		if m.JSONPatch == nil {
			return append(allErrs, field.Required(fldPath.Child("jsonPatch"), fmt.Sprintf("must be specified when patchType is %s", m.PatchType)))
		}
		expression, exprPath = m.JSONPatch.Expression, fldPath.Child("jsonPatch", "expression")
		accessor = &patch.JSONPatchCondition{Expression: expression}
	case admissionregistrationv1.PatchTypeApplyConfiguration:
		if m.JSONPatch != nil {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("jsonPatch"), "{jsonPatch}", fmt.Sprintf("must not be specified when patchType is %s", m.PatchType)))
		}
		if m.ApplyConfiguration == nil {
			return append(allErrs, field.Required(fldPath.Child("applyConfiguration"), fmt.Sprintf("must be specified when patchType is %s", m.PatchType)))
		}
		expression, exprPath = m.ApplyConfiguration.Expression, fldPath.Child("applyConfiguration", "expression")
		accessor = &patch.ApplyConfigurationCondition{Expression: expression}
	case "":
		return append(allErrs, field.Required(fldPath.Child("patchType"), ""))
	default:
		return append(allErrs, field.NotSupported(fldPath.Child("patchType"), m.PatchType, supportedPatchTypes))
	}
	if strings.TrimSpace(expression) == "" {
		return append(allErrs, field.Required(exprPath, ""))
	}
	return append(allErrs, compile(c.get(), accessor, decls, stored, exprPath)...)
}
