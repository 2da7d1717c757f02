package validation

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const invalidQuotaResourceMsg = `must be a standard resource for quota`

var standardQuotaResources = sets.New(
	corev1.ResourceCPU,
	corev1.ResourceMemory,
	corev1.ResourceEphemeralStorage,
	corev1.ResourceRequestsCPU,
	corev1.ResourceRequestsMemory,
	corev1.ResourceRequestsStorage,
	corev1.ResourceRequestsEphemeralStorage,
	corev1.ResourceLimitsCPU,
	corev1.ResourceLimitsMemory,
	corev1.ResourceLimitsEphemeralStorage,
	corev1.ResourcePods,
	corev1.ResourceQuotas,
	corev1.ResourceServices,
	corev1.ResourceReplicationControllers,
	corev1.ResourceSecrets,
	corev1.ResourcePersistentVolumeClaims,
	corev1.ResourceConfigMaps,
	corev1.ResourceServicesNodePorts,
	corev1.ResourceServicesLoadBalancers,
)

var standardQuotaScopes = sets.New(
	corev1.ResourceQuotaScopeTerminating,
	corev1.ResourceQuotaScopeNotTerminating,
	corev1.ResourceQuotaScopeBestEffort,
	corev1.ResourceQuotaScopeNotBestEffort,
	corev1.ResourceQuotaScopePriorityClass,
	corev1.ResourceQuotaScopeCrossNamespacePodAffinity,
	corev1.ResourceQuotaScopeVolumeAttributesClass,
)

// Resources a scope can narrow: pod scopes count pods and their compute, the volume attributes class
// scope counts claims and their storage.
var (
	podQuotaResources = sets.New(corev1.ResourcePods, corev1.ResourceCPU, corev1.ResourceMemory,
		corev1.ResourceLimitsCPU, corev1.ResourceLimitsMemory, corev1.ResourceRequestsCPU, corev1.ResourceRequestsMemory)
	claimQuotaResources = sets.New(corev1.ResourcePersistentVolumeClaims, corev1.ResourceRequestsStorage)
)

// conflictingQuotaScopes are the scope pairs no pod can match together.
var conflictingQuotaScopes = [][2]corev1.ResourceQuotaScope{
	{corev1.ResourceQuotaScopeBestEffort, corev1.ResourceQuotaScopeNotBestEffort},
	{corev1.ResourceQuotaScopeTerminating, corev1.ResourceQuotaScopeNotTerminating},
}

// ValidateResourceQuota checks a new resource quota.
func ValidateResourceQuota(quota *corev1.ResourceQuota) field.ErrorList {
	allErrs := validateObjectMeta(&quota.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, validateResourceQuotaSpec(&quota.Spec, field.NewPath("spec"))...)
	allErrs = append(allErrs, validateQuotaResourceList(quota.Status.Hard, field.NewPath("status", "hard"))...)
	return append(allErrs, validateQuotaResourceList(quota.Status.Used, field.NewPath("status", "used"))...)
}

// ValidateResourceQuotaUpdate checks an update of a resource quota's spec; its scopes are fixed.
func ValidateResourceQuotaUpdate(newQuota, oldQuota *corev1.ResourceQuota) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newQuota.ObjectMeta, &oldQuota.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validateResourceQuotaSpec(&newQuota.Spec, field.NewPath("spec"))...)
	oldScopes, newScopes := sets.New(oldQuota.Spec.Scopes...), sets.New(newQuota.Spec.Scopes...)
	if !oldScopes.Equal(newScopes) {
		allErrs = append(allErrs, field.Invalid(field.NewPath("spec", "scopes"), newQuota.Spec.Scopes, fieldImmutableMsg))
	}
	return allErrs
}

// ValidateResourceQuotaStatusUpdate checks a write of a resource quota's status.
func ValidateResourceQuotaStatusUpdate(newQuota, oldQuota *corev1.ResourceQuota) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newQuota.ObjectMeta, &oldQuota.ObjectMeta, field.NewPath("metadata"))
	if newQuota.ResourceVersion == "" {
		allErrs = append(allErrs, field.Required(field.NewPath("resourceVersion"), ""))
	}
	allErrs = append(allErrs, validateQuotaResourceList(newQuota.Status.Hard, field.NewPath("status", "hard"))...)
	return append(allErrs, validateQuotaResourceList(newQuota.Status.Used, field.NewPath("status", "used"))...)
}

func validateResourceQuotaSpec(spec *corev1.ResourceQuotaSpec, fldPath *field.Path) field.ErrorList {
	allErrs := validateQuotaResourceList(spec.Hard, fldPath.Child("hard"))
	allErrs = append(allErrs, validateResourceQuotaScopes(spec, fldPath)...)
	if spec.ScopeSelector != nil {
		allErrs = append(allErrs, validateQuotaScopeSelector(spec, fldPath.Child("scopeSelector"))...)
	}
	return allErrs
}

func validateQuotaResourceList(list corev1.ResourceList, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for name, quantity := range list {
		resPath := fldPath.Key(string(name))
		allErrs = append(allErrs, validateQuotaResourceName(name, resPath)...)
		allErrs = append(allErrs, validateResourceQuantityValue(name, quantity, resPath)...)
	}
	return allErrs
}

func validateQuotaResourceName(name corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	allErrs := validateResourceName(name, fldPath)
	if !strings.Contains(string(name), "/") && !isStandardQuotaResource(name) {
		allErrs = append(allErrs, field.Invalid(fldPath, name, invalidQuotaResourceMsg))
	}
	return allErrs
}

func isStandardQuotaResource(name corev1.ResourceName) bool {
	return standardQuotaResources.Has(name) || isQuotaHugePageResourceName(name)
}

func quotaScopeAppliesTo(scope corev1.ResourceQuotaScope, name corev1.ResourceName) bool {
	switch scope {
	case corev1.ResourceQuotaScopeTerminating, corev1.ResourceQuotaScopeNotTerminating, corev1.ResourceQuotaScopeNotBestEffort,
		corev1.ResourceQuotaScopePriorityClass, corev1.ResourceQuotaScopeCrossNamespacePodAffinity:
		return podQuotaResources.Has(name)
	case corev1.ResourceQuotaScopeBestEffort:
		return name == corev1.ResourcePods
	case corev1.ResourceQuotaScopeVolumeAttributesClass:
		return claimQuotaResources.Has(name)
	default:
		return true
	}
}

// scopeMismatches reports, for each hard limit that scope cannot narrow, an error built by invalid.
func scopeMismatches(hard corev1.ResourceList, scope corev1.ResourceQuotaScope, invalid func() *field.Error) field.ErrorList {
	var allErrs field.ErrorList
	for _, name := range sets.List(sets.KeySet(hard)) {
		if isStandardQuotaResource(name) && !quotaScopeAppliesTo(scope, name) {
			allErrs = append(allErrs, invalid())
		}
	}
	return allErrs
}

func conflictingScopes(scopes sets.Set[corev1.ResourceQuotaScope], invalid func() *field.Error) field.ErrorList {
	var allErrs field.ErrorList
	for _, pair := range conflictingQuotaScopes {
		if scopes.HasAll(pair[0], pair[1]) {
			allErrs = append(allErrs, invalid())
		}
	}
	return allErrs
}

func validateResourceQuotaScopes(spec *corev1.ResourceQuotaSpec, fldPath *field.Path) field.ErrorList {
	if len(spec.Scopes) == 0 {
		return nil
	}
	var allErrs field.ErrorList
	scopesPath := fldPath.Child("scopes")
	invalid := func(msg string) func() *field.Error {
		return func() *field.Error { return field.Invalid(scopesPath, spec.Scopes, msg) }
	}
	seen := sets.New[corev1.ResourceQuotaScope]()
	for _, scope := range spec.Scopes {
		if !standardQuotaScopes.Has(scope) {
			allErrs = append(allErrs, invalid("unsupported scope")())
		}
		allErrs = append(allErrs, scopeMismatches(spec.Hard, scope, invalid("unsupported scope applied to resource"))...)
		seen.Insert(scope)
	}
	return append(allErrs, conflictingScopes(seen, invalid("conflicting scopes"))...)
}

// scopeOnlyExists are the scopes that only make sense with the Exists operator.
var scopeOnlyExists = sets.New(
	corev1.ResourceQuotaScopeBestEffort,
	corev1.ResourceQuotaScopeNotBestEffort,
	corev1.ResourceQuotaScopeTerminating,
	corev1.ResourceQuotaScopeNotTerminating,
	corev1.ResourceQuotaScopeCrossNamespacePodAffinity,
	corev1.ResourceQuotaScopeVolumeAttributesClass,
)

func validateQuotaScopeSelector(spec *corev1.ResourceQuotaSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	exprPath := fldPath.Child("matchExpressions")
	seen := sets.New[corev1.ResourceQuotaScope]()
	for _, req := range spec.ScopeSelector.MatchExpressions {
		if !standardQuotaScopes.Has(req.ScopeName) {
			allErrs = append(allErrs, field.Invalid(exprPath.Child("scopeName"), req.ScopeName, "unsupported scope"))
		}
		allErrs = append(allErrs, scopeMismatches(spec.Hard, req.ScopeName, func() *field.Error {
			return field.Invalid(exprPath, spec.ScopeSelector, "unsupported scope applied to resource")
		})...)
		if scopeOnlyExists.Has(req.ScopeName) && req.Operator != corev1.ScopeSelectorOpExists {
			allErrs = append(allErrs, field.Invalid(exprPath.Child("operator"), req.Operator,
				"must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"))
		}
		switch req.Operator {
		case corev1.ScopeSelectorOpIn, corev1.ScopeSelectorOpNotIn:
			if len(req.Values) == 0 {
				allErrs = append(allErrs, field.Required(exprPath.Child("values"), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"))
			}
		case corev1.ScopeSelectorOpExists, corev1.ScopeSelectorOpDoesNotExist:
			if len(req.Values) != 0 {
				allErrs = append(allErrs, field.Invalid(exprPath.Child("values"), req.Values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"))
			}
		default:
			allErrs = append(allErrs, field.Invalid(exprPath.Child("operator"), req.Operator, "not a valid selector operator"))
		}
		seen.Insert(req.ScopeName)
	}
	return append(allErrs, conflictingScopes(seen, func() *field.Error {
		return field.Invalid(exprPath, spec.Scopes, "conflicting scopes")
	})...)
}
