package validation

import (
	"fmt"
	"reflect"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	"k8s.io/apiserver/pkg/util/webhook"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// acceptedAdmissionReviewVersions are the AdmissionReview versions kube-apiserver sends.
var acceptedAdmissionReviewVersions = []string{"v1", "v1beta1"}

var (
	supportedSideEffectClasses = sets.New(string(admissionregistrationv1.SideEffectClassUnknown), string(admissionregistrationv1.SideEffectClassNone),
		string(admissionregistrationv1.SideEffectClassSome), string(admissionregistrationv1.SideEffectClassNoneOnDryRun))
	noSideEffectClasses = sets.New(string(admissionregistrationv1.SideEffectClassNone), string(admissionregistrationv1.SideEffectClassNoneOnDryRun))
)

// webhookOptions relax the checks of an update for what the stored object already had, so that
// objects stored by older servers can still be changed.
type webhookOptions struct {
	ignoreMatchConditions          bool
	requireNoSideEffects           bool
	requireRecognizedReviewVersion bool
	requireUniqueNames             bool
	allowInvalidLabelValue         bool
	stored                         expressions
}

var newWebhookOptions = webhookOptions{requireNoSideEffects: true, requireRecognizedReviewVersion: true, requireUniqueNames: true}

// webhook is what validating and mutating webhooks share.
type webhookFields struct {
	name               string
	rules              []admissionregistrationv1.RuleWithOperations
	failurePolicy      *admissionregistrationv1.FailurePolicyType
	matchPolicy        *admissionregistrationv1.MatchPolicyType
	sideEffects        *admissionregistrationv1.SideEffectClass
	timeoutSeconds     *int32
	namespaceSelector  *metav1.LabelSelector
	objectSelector     *metav1.LabelSelector
	reinvocationPolicy *admissionregistrationv1.ReinvocationPolicyType
	clientConfig       admissionregistrationv1.WebhookClientConfig
	matchConditions    []admissionregistrationv1.MatchCondition
	reviewVersions     []string
}

func validatingFields(w []admissionregistrationv1.ValidatingWebhook) []webhookFields {
	out := make([]webhookFields, len(w))
	for i, h := range w {
		out[i] = webhookFields{h.Name, h.Rules, h.FailurePolicy, h.MatchPolicy, h.SideEffects, h.TimeoutSeconds,
			h.NamespaceSelector, h.ObjectSelector, nil, h.ClientConfig, h.MatchConditions, h.AdmissionReviewVersions}
	}
	return out
}

func mutatingFields(w []admissionregistrationv1.MutatingWebhook) []webhookFields {
	out := make([]webhookFields, len(w))
	for i, h := range w {
		out[i] = webhookFields{h.Name, h.Rules, h.FailurePolicy, h.MatchPolicy, h.SideEffects, h.TimeoutSeconds,
			h.NamespaceSelector, h.ObjectSelector, h.ReinvocationPolicy, h.ClientConfig, h.MatchConditions, h.AdmissionReviewVersions}
	}
	return out
}

// ValidateValidatingWebhookConfiguration checks a new ValidatingWebhookConfiguration.
func ValidateValidatingWebhookConfiguration(c *admissionregistrationv1.ValidatingWebhookConfiguration) field.ErrorList {
	return validateWebhookConfiguration(&c.ObjectMeta, validatingFields(c.Webhooks), newWebhookOptions)
}

// ValidateValidatingWebhookConfigurationUpdate checks an update of a ValidatingWebhookConfiguration.
func ValidateValidatingWebhookConfigurationUpdate(c, old *admissionregistrationv1.ValidatingWebhookConfiguration) field.ErrorList {
	return validateWebhookConfiguration(&c.ObjectMeta, validatingFields(c.Webhooks), updateOptions(validatingFields(c.Webhooks), validatingFields(old.Webhooks)))
}

// ValidateMutatingWebhookConfiguration checks a new MutatingWebhookConfiguration.
func ValidateMutatingWebhookConfiguration(c *admissionregistrationv1.MutatingWebhookConfiguration) field.ErrorList {
	return validateWebhookConfiguration(&c.ObjectMeta, mutatingFields(c.Webhooks), newWebhookOptions)
}

// ValidateMutatingWebhookConfigurationUpdate checks an update of a MutatingWebhookConfiguration.
func ValidateMutatingWebhookConfigurationUpdate(c, old *admissionregistrationv1.MutatingWebhookConfiguration) field.ErrorList {
	return validateWebhookConfiguration(&c.ObjectMeta, mutatingFields(c.Webhooks), updateOptions(mutatingFields(c.Webhooks), mutatingFields(old.Webhooks)))
}

func updateOptions(hooks, old []webhookFields) webhookOptions {
	opts := webhookOptions{
		ignoreMatchConditions:          len(hooks) == len(old),
		requireNoSideEffects:           true,
		requireRecognizedReviewVersion: true,
		requireUniqueNames:             true,
		stored:                         sets.New[string](),
	}
	names := sets.New[string]()
	for i, h := range old {
		if opts.ignoreMatchConditions && !reflect.DeepEqual(hooks[i].matchConditions, h.matchConditions) {
			opts.ignoreMatchConditions = false
		}
		if h.sideEffects == nil || !noSideEffectClasses.Has(string(*h.sideEffects)) {
			opts.requireNoSideEffects = false
		}
		if len(h.reviewVersions) > 0 && !sets.New(h.reviewVersions...).HasAny(acceptedAdmissionReviewVersions...) {
			opts.requireRecognizedReviewVersion = false
		}
		if names.Has(h.name) {
			opts.requireUniqueNames = false
		}
		names.Insert(h.name)
		for _, sel := range []*metav1.LabelSelector{h.namespaceSelector, h.objectSelector} {
			if sel != nil && len(metav1validation.ValidateLabelSelector(sel, metav1validation.LabelSelectorValidationOptions{}, nil)) > 0 {
				opts.allowInvalidLabelValue = true
			}
		}
		for _, mc := range h.matchConditions {
			opts.stored.Insert(mc.Expression)
		}
	}
	return opts
}

func validateWebhookConfiguration(meta *metav1.ObjectMeta, hooks []webhookFields, opts webhookOptions) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(meta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	names := sets.New[string]()
	for i := range hooks {
		fldPath := field.NewPath("webhooks").Index(i)
		allErrs = append(allErrs, validateWebhook(&hooks[i], opts, fldPath)...)
		allErrs = append(allErrs, validateAdmissionReviewVersions(hooks[i].reviewVersions, opts.requireRecognizedReviewVersion, fldPath.Child("admissionReviewVersions"))...)
		if name := hooks[i].name; opts.requireUniqueNames && name != "" {
			if names.Has(name) {
				allErrs = append(allErrs, field.Duplicate(fldPath.Child("name"), name))
			}
			names.Insert(name)
		}
	}
	return allErrs
}

func validateWebhook(h *webhookFields, opts webhookOptions, fldPath *field.Path) field.ErrorList {
	allErrs := utilvalidation.IsFullyQualifiedName(fldPath.Child("name"), h.name)
	for i := range h.rules {
		allErrs = append(allErrs, validateRuleWithOperations(&h.rules[i], fldPath.Child("rules").Index(i))...)
	}
	if h.failurePolicy != nil && !supportedFailurePolicies.Has(string(*h.failurePolicy)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("failurePolicy"), *h.failurePolicy, sets.List(supportedFailurePolicies)))
	}
	if h.matchPolicy != nil && !supportedMatchPolicies.Has(string(*h.matchPolicy)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("matchPolicy"), *h.matchPolicy, sets.List(supportedMatchPolicies)))
	}
	allowedSideEffects := supportedSideEffectClasses
	if opts.requireNoSideEffects {
		allowedSideEffects = noSideEffectClasses
	}
	if h.sideEffects == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("sideEffects"), fmt.Sprintf("must specify one of %v", strings.Join(sets.List(allowedSideEffects), ", "))))
	} else if !allowedSideEffects.Has(string(*h.sideEffects)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("sideEffects"), *h.sideEffects, sets.List(allowedSideEffects)))
	}
	if t := h.timeoutSeconds; t != nil && (*t > 30 || *t < 1) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("timeoutSeconds"), *t, "the timeout value must be between 1 and 30 seconds"))
	}
	selectorOpts := metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: opts.allowInvalidLabelValue}
	if h.namespaceSelector != nil {
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(h.namespaceSelector, selectorOpts, fldPath.Child("namespaceSelector"))...)
	}
	if h.objectSelector != nil {
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(h.objectSelector, selectorOpts, fldPath.Child("objectSelector"))...)
	}
	if p := h.reinvocationPolicy; p != nil && !supportedReinvocationPolicies.Has(string(*p)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("reinvocationPolicy"), *p, sets.List(supportedReinvocationPolicies)))
	}
	allErrs = append(allErrs, validateClientConfig(&h.clientConfig, fldPath.Child("clientConfig"))...)
	if !opts.ignoreMatchConditions {
		allErrs = append(allErrs, validateMatchConditions(h.matchConditions, false, opts.stored, fldPath.Child("matchConditions"))...)
	}
	return allErrs
}

func validateClientConfig(cc *admissionregistrationv1.WebhookClientConfig, fldPath *field.Path) field.ErrorList {
	switch {
	case (cc.URL == nil) == (cc.Service == nil):
		return field.ErrorList{field.Required(fldPath, "exactly one of url or service is required")}
	case cc.URL != nil:
		return webhook.ValidateWebhookURL(fldPath.Child("url"), *cc.URL, true)
	default:
		port := int32(443)
		if cc.Service.Port != nil {
			port = *cc.Service.Port
		}
		// kube-apiserver passes the name where the library expects the namespace and the other way
		// round; both are required, so only which of the two is reported differs.
		return webhook.ValidateWebhookService(fldPath.Child("service"), cc.Service.Name, cc.Service.Namespace, cc.Service.Path, port)
	}
}

func validateAdmissionReviewVersions(versions []string, requireRecognized bool, fldPath *field.Path) field.ErrorList {
	accepted := strings.Join(acceptedAdmissionReviewVersions, ", ")
	if len(versions) == 0 {
		return field.ErrorList{field.Required(fldPath, fmt.Sprintf("must specify one of %v", accepted))}
	}
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, v := range versions {
		if seen.Has(v) {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i), v, "duplicate version"))
			continue
		}
		seen.Insert(v)
		for _, msg := range utilvalidation.IsDNS1035Label(v) {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i), v, msg))
		}
	}
	if requireRecognized && !seen.HasAny(acceptedAdmissionReviewVersions...) {
		allErrs = append(allErrs, field.Invalid(fldPath, versions, fmt.Sprintf("must include at least one of %v", accepted)))
	}
	return allErrs
}

// validateMatchConditions checks webhook and policy match conditions; those of a policy with a
// paramKind may read params.
func validateMatchConditions(conditions []admissionregistrationv1.MatchCondition, hasParams bool, stored expressions, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(conditions) > 64 {
		allErrs = append(allErrs, field.TooMany(fldPath, len(conditions), 64))
	}
	names := sets.New[string]()
	for i, mc := range conditions {
		p := fldPath.Index(i)
		if expr := strings.TrimSpace(mc.Expression); expr == "" {
			allErrs = append(allErrs, field.Required(p.Child("expression"), ""))
		} else {
			decls := plugincel.OptionalVariableDeclarations{HasParams: hasParams, HasAuthorizer: true}
			allErrs = append(allErrs, compile(newStatelessCompiler(), &matchconditions.MatchCondition{Expression: expr}, decls, stored, p.Child("expression"))...)
		}
		if mc.Name == "" {
			allErrs = append(allErrs, field.Required(p.Child("name"), ""))
		} else {
			allErrs = append(allErrs, corevalidation.ValidateQualifiedName(mc.Name, p.Child("name"))...)
			if names.Has(mc.Name) {
				allErrs = append(allErrs, field.Duplicate(p.Child("name"), mc.Name))
			}
			names.Insert(mc.Name)
		}
	}
	return allErrs
}
