package validation

import (
	"encoding/json"
	"fmt"
	"strings"

	resourcev1 "k8s.io/api/resource/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateResourceClaim checks a new ResourceClaim.
func ValidateResourceClaim(claim *resourcev1.ResourceClaim) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&claim.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateClaimSpec(&claim.Spec, field.NewPath("spec"))...)
}

// ValidateResourceClaimUpdate checks an update of a ResourceClaim. The spec cannot change, which
// the declarative validation reports, so it is not checked again.
func ValidateResourceClaimUpdate(claim, old *resourcev1.ResourceClaim) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&claim.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, corevalidation.ValidateObjectMetaUpdate(&claim.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))...)
}

func validateClaimSpec(spec *resourcev1.ResourceClaimSpec, fldPath *field.Path) field.ErrorList {
	return validateDeviceClaim(&spec.Devices, fldPath.Child("devices"))
}

func validateDeviceClaim(claim *resourcev1.DeviceClaim, fldPath *field.Path) field.ErrorList {
	names := gatherRequestNames(claim)
	allErrs := validateEach(claim.Requests, declaredMaxItems(resourcev1.DeviceRequestsMaxSize), validateDeviceRequest, fldPath.Child("requests"))
	allErrs = append(allErrs, validateEach(claim.Constraints, declaredMaxItems(resourcev1.DeviceConstraintsMaxSize), func(c resourcev1.DeviceConstraint, p *field.Path) field.ErrorList {
		return validateDeviceConstraint(c, names, p)
	}, fldPath.Child("constraints"))...)
	allErrs = append(allErrs, validateEach(claim.Config, declaredMaxItems(resourcev1.DeviceConfigMaxSize), func(c resourcev1.DeviceClaimConfiguration, p *field.Path) field.ErrorList {
		allErrs := validateRequestRefs(c.Requests, names, p.Child("requests"))
		return append(allErrs, validateDeviceConfiguration(c.DeviceConfiguration, false, p)...)
	}, fldPath.Child("config"))...)
	return allErrs
}

// requestNames maps the name of each request of a claim to the names of its subrequests, if any.
type requestNames map[string]sets.Set[string]

func gatherRequestNames(claim *resourcev1.DeviceClaim) requestNames {
	names := make(requestNames)
	for _, request := range claim.Requests {
		var sub sets.Set[string]
		if len(request.FirstAvailable) > 0 {
			sub = sets.New[string]()
			for _, subRequest := range request.FirstAvailable {
				sub.Insert(subRequest.Name)
			}
		}
		names[request.Name] = sub
	}
	return names
}

// has reports whether ref names a request, or a request and one of its subrequests as
// "request/subrequest".
func (r requestNames) has(ref string) bool {
	request, subRequest, isSub := strings.Cut(ref, "/")
	sub, found := r[request]
	if !found || !isSub {
		return found
	}
	return sub.Has(subRequest)
}

func validateDeviceRequest(request resourcev1.DeviceRequest, fldPath *field.Path) field.ErrorList {
	allErrs := validateRequestName(request.Name, fldPath.Child("name"))
	switch hasFirst, hasExactly := len(request.FirstAvailable) > 0, request.Exactly != nil; {
	case !hasFirst && !hasExactly:
		allErrs = append(allErrs, field.Required(fldPath, "exactly one of `exactly` or `firstAvailable` is required"))
	case hasFirst && hasExactly:
		allErrs = append(allErrs, field.Invalid(fldPath, nil, "exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set"))
	case hasFirst:
		allErrs = append(allErrs, validateEach(request.FirstAvailable, declaredMaxItems(resourcev1.FirstAvailableDeviceRequestMaxSize), validateDeviceSubRequest, fldPath.Child("firstAvailable"))...)
	default:
		allErrs = append(allErrs, validateExactDeviceRequest(*request.Exactly, fldPath.Child("exactly"))...)
	}
	return allErrs
}

// validateDeviceSubRequest checks one alternative of a request. Its device class name is left to
// the declarative validation, unlike that of an exact request.
func validateDeviceSubRequest(sub resourcev1.DeviceSubRequest, fldPath *field.Path) field.ErrorList {
	allErrs := validateRequestName(sub.Name, fldPath.Child("name"))
	allErrs = append(allErrs, validateSelectors(sub.Selectors, false, fldPath.Child("selectors"))...)
	allErrs = append(allErrs, validateAllocationMode(sub.AllocationMode, sub.Count, fldPath)...)
	return append(allErrs, validateTolerations(sub.Tolerations, fldPath.Child("tolerations"))...)
}

func validateExactDeviceRequest(request resourcev1.ExactDeviceRequest, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if request.DeviceClassName == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("deviceClassName"), ""))
	} else {
		allErrs = append(allErrs, validateDeviceClassName(request.DeviceClassName, fldPath.Child("deviceClassName"))...)
	}
	allErrs = append(allErrs, validateSelectors(request.Selectors, false, fldPath.Child("selectors"))...)
	allErrs = append(allErrs, validateAllocationMode(request.AllocationMode, request.Count, fldPath)...)
	return append(allErrs, validateTolerations(request.Tolerations, fldPath.Child("tolerations"))...)
}

// validateAllocationMode checks the count against the mode; an unknown mode is reported by the
// declarative validation.
func validateAllocationMode(mode resourcev1.DeviceAllocationMode, count int64, fldPath *field.Path) field.ErrorList {
	switch {
	case mode == resourcev1.DeviceAllocationModeAll && count != 0:
		return field.ErrorList{field.Invalid(fldPath.Child("count"), count, fmt.Sprintf("must not be specified when allocationMode is '%s'", mode))}
	case mode == resourcev1.DeviceAllocationModeExactCount && count <= 0:
		return field.ErrorList{field.Invalid(fldPath.Child("count"), count, "must be greater than zero")}
	}
	return nil
}

// validateSelectors checks device selectors; stored ones are not compiled again.
func validateSelectors(selectors []resourcev1.DeviceSelector, stored bool, fldPath *field.Path) field.ErrorList {
	return validateEach(selectors, declaredMaxItems(resourcev1.DeviceSelectorsMaxSize), func(s resourcev1.DeviceSelector, p *field.Path) field.ErrorList {
		if s.CEL == nil {
			return field.ErrorList{field.Required(p.Child("cel"), "")}
		}
		return validateSelectorExpression(s.CEL.Expression, stored, p.Child("cel", "expression"))
	}, fldPath)
}

// validateDeviceConstraint checks which requests a constraint applies to and that it names an
// attribute. The attribute names themselves are checked declaratively.
func validateDeviceConstraint(constraint resourcev1.DeviceConstraint, names requestNames, fldPath *field.Path) field.ErrorList {
	allErrs := validateRequestRefs(constraint.Requests, names, fldPath.Child("requests"))
	if constraint.MatchAttribute == nil && constraint.DistinctAttribute == nil {
		allErrs = append(allErrs, field.Required(fldPath, `exactly one of "matchAttribute" or "distinctAttribute" is required, but multiple fields are set`))
	}
	return allErrs
}

// validateRequestRefs checks references to the requests of a claim; their number and uniqueness
// are checked declaratively.
func validateRequestRefs(refs []string, names requestNames, fldPath *field.Path) field.ErrorList {
	return validateEach(refs, declaredMaxItems(resourcev1.DeviceRequestsMaxSize), func(ref string, p *field.Path) field.ErrorList {
		return validateRequestRef(ref, names, p)
	}, fldPath)
}

const requestRefMessage = "must be the name of a request in the claim or the name of a request and a subrequest separated by '/'"

func validateRequestRef(ref string, names requestNames, fldPath *field.Path) field.ErrorList {
	segments := strings.Split(ref, "/")
	if len(segments) > 2 {
		return field.ErrorList{field.Invalid(fldPath, ref, requestRefMessage)}
	}
	var allErrs field.ErrorList
	for _, segment := range segments {
		allErrs = append(allErrs, validateRequestName(segment, fldPath)...)
	}
	if !names.has(ref) {
		allErrs = append(allErrs, field.Invalid(fldPath, ref, requestRefMessage))
	}
	return allErrs
}

// validateDeviceConfiguration checks opaque driver parameters; the driver name is checked
// declaratively. Stored parameters keep the size they were accepted with.
func validateDeviceConfiguration(config resourcev1.DeviceConfiguration, stored bool, fldPath *field.Path) field.ErrorList {
	if config.Opaque == nil {
		return field.ErrorList{field.Required(fldPath.Child("opaque"), "")}
	}
	return validateRawExtension(config.Opaque.Parameters, stored, resourcev1.OpaqueParametersMaxLength, fldPath.Child("opaque", "parameters"))
}

// validateRawExtension requires a JSON object of at most maxLength bytes.
func validateRawExtension(raw runtime.RawExtension, stored bool, maxLength int, fldPath *field.Path) field.ErrorList {
	var v any
	switch {
	case len(raw.Raw) == 0:
		return field.ErrorList{field.Required(fldPath, "")}
	case !stored && len(raw.Raw) > maxLength:
		return field.ErrorList{field.TooLong(fldPath, "", maxLength)}
	}
	if err := json.Unmarshal(raw.Raw, &v); err != nil {
		return field.ErrorList{field.Invalid(fldPath, "<value omitted>", fmt.Sprintf("error parsing data as JSON: %v", err.Error()))}
	}
	if v == nil {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	if _, isObject := v.(map[string]any); !isObject {
		return field.ErrorList{field.Invalid(fldPath, "<value omitted>", "must be a valid JSON object")}
	}
	return nil
}
