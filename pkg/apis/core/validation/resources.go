package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	resourcehelper "k8s.io/component-helpers/resource"
)

var standardContainerResources = sets.New(
	corev1.ResourceCPU,
	corev1.ResourceMemory,
	corev1.ResourceEphemeralStorage,
)

var standardResources = sets.New(
	corev1.ResourceCPU,
	corev1.ResourceMemory,
	corev1.ResourceEphemeralStorage,
	corev1.ResourceRequestsCPU,
	corev1.ResourceRequestsMemory,
	corev1.ResourceRequestsEphemeralStorage,
	corev1.ResourceLimitsCPU,
	corev1.ResourceLimitsMemory,
	corev1.ResourceLimitsEphemeralStorage,
	corev1.ResourcePods,
	corev1.ResourceQuotas,
	corev1.ResourceServices,
	corev1.ResourceReplicationControllers,
	corev1.ResourceSecrets,
	corev1.ResourceConfigMaps,
	corev1.ResourcePersistentVolumeClaims,
	corev1.ResourceStorage,
	corev1.ResourceRequestsStorage,
	corev1.ResourceServicesNodePorts,
	corev1.ResourceServicesLoadBalancers,
)

var integerResources = sets.New(
	corev1.ResourcePods,
	corev1.ResourceQuotas,
	corev1.ResourceServices,
	corev1.ResourceReplicationControllers,
	corev1.ResourceSecrets,
	corev1.ResourceConfigMaps,
	corev1.ResourcePersistentVolumeClaims,
	corev1.ResourceServicesNodePorts,
	corev1.ResourceServicesLoadBalancers,
)

func isHugePageResourceName(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

func isQuotaHugePageResourceName(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix) ||
		strings.HasPrefix(string(name), corev1.ResourceRequestsHugePagesPrefix)
}

// isNativeResource reports names in the kubernetes.io namespace; unprefixed
// names are implicitly there.
func isNativeResource(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
}

func isExtendedResourceName(name corev1.ResourceName) bool {
	if isNativeResource(name) || strings.HasPrefix(string(name), corev1.DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+string(name))) == 0
}

// isOvercommitAllowed is false for hugepages and extended resources, whose
// requests must equal their limits.
func isOvercommitAllowed(name corev1.ResourceName) bool {
	return isNativeResource(name) && !isHugePageResourceName(name)
}

func isIntegerResourceName(name corev1.ResourceName) bool {
	return integerResources.Has(name) || isExtendedResourceName(name)
}

func isHugePageResourceValueDivisible(name corev1.ResourceName, quantity resource.Quantity) bool {
	pageSize, err := resource.ParseQuantity(strings.TrimPrefix(string(name), corev1.ResourceHugePagesPrefix))
	if err != nil {
		return false
	}
	if pageSize.Sign() <= 0 || pageSize.MilliValue()%int64(1000) != int64(0) {
		return false
	}
	return quantity.Value()%pageSize.Value() == 0
}

func validateResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsQualifiedName(string(value)) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, msg))
	}
	if len(allErrs) != 0 {
		return allErrs
	}
	if !strings.Contains(string(value), "/") && !standardResources.Has(value) && !isQuotaHugePageResourceName(value) {
		return append(allErrs, field.Invalid(fldPath, value, "must be a standard resource type or fully qualified"))
	}
	return allErrs
}

func validateContainerResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	allErrs := validateResourceName(value, fldPath)
	if !strings.Contains(string(value), "/") {
		if !standardContainerResources.Has(value) && !isHugePageResourceName(value) {
			return append(allErrs, field.Invalid(fldPath, value, "must be a standard resource for containers"))
		}
	} else if !isNativeResource(value) && !isExtendedResourceName(value) {
		return append(allErrs, field.Invalid(fldPath, value, "doesn't follow extended resource name standard"))
	}
	return allErrs
}

func validatePodResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	allErrs := validateResourceName(value, fldPath)
	if len(allErrs) != 0 {
		return allErrs
	}
	if !resourcehelper.IsSupportedPodLevelResource(value) {
		return append(allErrs, field.NotSupported(fldPath, value, sets.List(resourcehelper.SupportedPodLevelResources())))
	}
	return allErrs
}

// validateResourceQuantityValue requires a non-negative quantity, and a whole
// number for countable resources.
func validateResourceQuantityValue(name corev1.ResourceName, value resource.Quantity, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if value.Cmp(resource.Quantity{}) < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath, value.String(), isNegativeErrorMsg))
	}
	if isIntegerResourceName(name) && value.MilliValue()%int64(1000) != int64(0) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, isNotIntegerErrorMsg))
	}
	return allErrs
}

func validateHugePageValue(name corev1.ResourceName, quantity resource.Quantity) error {
	if !isHugePageResourceName(name) || isHugePageResourceValueDivisible(name, quantity) {
		return nil
	}
	return fmt.Errorf("%s is not positive integer multiple of %s", quantity.String(), name)
}

func validateContainerResourceRequirements(req *corev1.ResourceRequirements, podClaimNames sets.Set[string], fldPath *field.Path) field.ErrorList {
	return validateResourceRequirements(req, validateContainerResourceName, podClaimNames, fldPath)
}

func validateResourceRequirements(req *corev1.ResourceRequirements, nameFn func(corev1.ResourceName, *field.Path) field.ErrorList, podClaimNames sets.Set[string], fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	limPath := fldPath.Child("limits")
	reqPath := fldPath.Child("requests")
	limHasCPUOrMemory, reqHasCPUOrMemory := false, false
	limHasHugePages, reqHasHugePages := false, false
	isCPUOrMemory := func(name corev1.ResourceName) bool {
		return name == corev1.ResourceCPU || name == corev1.ResourceMemory
	}
	for name, quantity := range req.Limits {
		keyPath := limPath.Key(string(name))
		allErrs = append(allErrs, nameFn(name, keyPath)...)
		allErrs = append(allErrs, validateResourceQuantityValue(name, quantity, keyPath)...)
		if isHugePageResourceName(name) {
			limHasHugePages = true
			if err := validateHugePageValue(name, quantity); err != nil {
				allErrs = append(allErrs, field.Invalid(keyPath, quantity.String(), err.Error()))
			}
		}
		if isCPUOrMemory(name) {
			limHasCPUOrMemory = true
		}
	}
	for name, quantity := range req.Requests {
		keyPath := reqPath.Key(string(name))
		allErrs = append(allErrs, nameFn(name, keyPath)...)
		allErrs = append(allErrs, validateResourceQuantityValue(name, quantity, keyPath)...)
		if limit, ok := req.Limits[name]; ok {
			// Upstream reports these on the requests map itself, not the key.
			if quantity.Cmp(limit) != 0 && !isOvercommitAllowed(name) {
				allErrs = append(allErrs, field.Invalid(reqPath, quantity.String(), fmt.Sprintf("must be equal to %s limit of %s", name, limit.String())))
			} else if quantity.Cmp(limit) > 0 {
				allErrs = append(allErrs, field.Invalid(reqPath, quantity.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, limit.String())))
			}
		} else if !isOvercommitAllowed(name) {
			allErrs = append(allErrs, field.Required(limPath, "Limit must be set for non overcommitable resources"))
		}
		if isHugePageResourceName(name) {
			reqHasHugePages = true
			if err := validateHugePageValue(name, quantity); err != nil {
				allErrs = append(allErrs, field.Invalid(keyPath, quantity.String(), err.Error()))
			}
		}
		if isCPUOrMemory(name) {
			reqHasCPUOrMemory = true
		}
	}
	if !limHasCPUOrMemory && !reqHasCPUOrMemory && (reqHasHugePages || limHasHugePages) {
		allErrs = append(allErrs, field.Forbidden(fldPath, "HugePages require cpu or memory"))
	}
	allErrs = append(allErrs, validateResourceClaimNames(req.Claims, podClaimNames, fldPath.Child("claims"))...)
	return allErrs
}

// validateResourceClaimNames checks that container claims refer to entries
// of spec.resourceClaims and do not overlap.
func validateResourceClaimNames(claims []corev1.ResourceClaim, podClaimNames sets.Set[string], fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	names := sets.Set[string]{}
	for i, claim := range claims {
		name := claim.Name
		if name == "" {
			allErrs = append(allErrs, field.Required(fldPath.Index(i), ""))
			continue
		}
		if names.Has(name) {
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), name))
		} else {
			key := name
			if claim.Request != "" {
				allErrs = append(allErrs, validateDNS1123Label(claim.Request, fldPath.Index(i).Child("request"))...)
				key += "/" + claim.Request
			}
			if names.Has(key) {
				allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), key))
			} else if claim.Request == "" {
				for existing := range names {
					if claimName, _, found := strings.Cut(existing, "/"); found && claimName == name {
						allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), name))
					}
				}
			}
			names.Insert(key)
		}
		if !podClaimNames.Has(name) {
			notFound := field.NotFound(fldPath.Index(i), name)
			notFound.Detail = "must be one of the names in pod.spec.resourceClaims"
			if len(podClaimNames) == 0 {
				notFound.Detail += " which is empty"
			} else {
				notFound.Detail += ": " + strings.Join(sets.List(podClaimNames), ", ")
			}
			allErrs = append(allErrs, notFound)
		}
	}
	return allErrs
}

// validatePodResources checks spec.resources, which must cover what the
// containers ask for.
func validatePodResources(spec *corev1.PodSpec, podClaimNames sets.Set[string], fldPath *field.Path) field.ErrorList {
	if spec.Resources == nil {
		return nil
	}
	var allErrs field.ErrorList
	if spec.Resources.Claims != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("claims"), "claims cannot be set for Resources at pod-level"))
	}
	allErrs = append(allErrs, validateResourceRequirements(spec.Resources, validatePodResourceName, podClaimNames, fldPath)...)

	reqPath := fldPath.Child("requests")
	aggregated := resourcehelper.AggregateContainerRequests(&corev1.Pod{Spec: *spec}, resourcehelper.PodResourcesOptions{})
	for name, ctrReqs := range aggregated {
		podReq := spec.Resources.Requests[name]
		if ctrReqs.Cmp(podReq) > 0 {
			allErrs = append(allErrs, field.Invalid(reqPath.Key(string(name)), podReq.String(), fmt.Sprintf("must be greater than or equal to aggregate container requests of %s", ctrReqs.String())))
		}
	}
	for i, ctr := range spec.Containers {
		for name, ctrLimit := range ctr.Resources.Limits {
			podLimit, ok := spec.Resources.Limits[name]
			if !ok {
				continue
			}
			if ctrLimit.Cmp(podLimit) > 0 {
				// The odd path (containers[i].<resource>.limits) is upstream's.
				path := fldPath.Child("containers").Index(i).Key(string(name)).Child("limits")
				allErrs = append(allErrs, field.Invalid(path, ctrLimit.String(), fmt.Sprintf("must be less than or equal to pod limits of %s", podLimit.String())))
			}
		}
	}
	return allErrs
}
