package validation

import (
	"fmt"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/util/shufflesharding"
)

// maxQueues bounds the queues of one priority level.
const maxQueues int32 = 10 * 1000 * 1000

var supportedPriorityLevelEnablement = sets.New(
	string(flowcontrolv1.PriorityLevelEnablementExempt),
	string(flowcontrolv1.PriorityLevelEnablementLimited),
)

var supportedLimitResponseTypes = sets.New(
	string(flowcontrolv1.LimitResponseTypeQueue),
	string(flowcontrolv1.LimitResponseTypeReject),
)

// ValidatePriorityLevelConfiguration checks a PriorityLevelConfiguration; a mandatory one must keep
// its fixed spec, except for the exempt section of "exempt", which operators may tune.
func ValidatePriorityLevelConfiguration(pl *flowcontrolv1.PriorityLevelConfiguration) field.ErrorList {
	allErrs := apimachineryvalidation.ValidateObjectMeta(&pl.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	specPath := field.NewPath("spec")
	allErrs = append(allErrs, validatePriorityLevelSpec(&pl.Spec, pl.Name, specPath)...)
	if mandatory, ok := mandatoryPriorityLevels[pl.Name]; ok {
		fixed := pl.Spec
		if fixed.Type == flowcontrolv1.PriorityLevelEnablementExempt {
			fixed.Exempt = mandatory.Spec.Exempt
		}
		if !apiequality.Semantic.DeepEqual(fixed, mandatory.Spec) {
			allErrs = append(allErrs, field.Invalid(specPath, pl.Spec, fmt.Sprintf("spec of '%s' must equal the fixed value", pl.Name)))
		}
	}
	return append(allErrs, ValidatePriorityLevelConfigurationStatus(&pl.Status, field.NewPath("status"))...)
}

// ValidatePriorityLevelConfigurationUpdate checks an update of a PriorityLevelConfiguration: the new
// object must be valid on its own.
func ValidatePriorityLevelConfigurationUpdate(pl, old *flowcontrolv1.PriorityLevelConfiguration) field.ErrorList {
	return ValidatePriorityLevelConfiguration(pl)
}

// ValidatePriorityLevelConfigurationStatus checks the conditions of a PriorityLevelConfiguration.
func ValidatePriorityLevelConfigurationStatus(status *flowcontrolv1.PriorityLevelConfigurationStatus, fldPath *field.Path) field.ErrorList {
	types := make([]string, len(status.Conditions))
	for i, c := range status.Conditions {
		types[i] = string(c.Type)
	}
	return validateConditionTypes(types, fldPath.Child("conditions"))
}

func validatePriorityLevelSpec(spec *flowcontrolv1.PriorityLevelConfigurationSpec, name string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if (name == flowcontrolv1.PriorityLevelConfigurationNameExempt) != (spec.Type == flowcontrolv1.PriorityLevelEnablementExempt) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("type"), spec.Type, "type must be 'Exempt' if and only if name is 'exempt'"))
	}
	switch spec.Type {
	case flowcontrolv1.PriorityLevelEnablementExempt:
		if spec.Limited != nil {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("limited"), "must be nil if the type is not Limited"))
		}
		if spec.Exempt != nil {
			allErrs = append(allErrs, validateExempt(spec.Exempt, fldPath.Child("exempt"))...)
		}
	case flowcontrolv1.PriorityLevelEnablementLimited:
		if spec.Exempt != nil {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("exempt"), "must be nil if the type is Limited"))
		}
		if spec.Limited == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("limited"), "must not be empty when type is Limited"))
		} else {
			allErrs = append(allErrs, validateLimited(spec.Limited, fldPath.Child("limited"))...)
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), spec.Type, sets.List(supportedPriorityLevelEnablement)))
	}
	return allErrs
}

func validateExempt(exempt *flowcontrolv1.ExemptPriorityLevelConfiguration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if ncs := exempt.NominalConcurrencyShares; ncs != nil && *ncs < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("nominalConcurrencyShares"), *ncs, "must be a non-negative integer"))
	}
	if err := validateLendablePercent(exempt.LendablePercent, fldPath.Child("lendablePercent")); err != nil {
		allErrs = append(allErrs, err)
	}
	return allErrs
}

// validateLimited checks a limited level. v1 allows zero nominal shares: such a level runs only on
// what it borrows.
func validateLimited(limited *flowcontrolv1.LimitedPriorityLevelConfiguration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if ncs := limited.NominalConcurrencyShares; ncs != nil && *ncs < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("nominalConcurrencyShares"), *ncs, "must be a non-negative integer"))
	}
	allErrs = append(allErrs, validateLimitResponse(&limited.LimitResponse, fldPath.Child("limitResponse"))...)
	if err := validateLendablePercent(limited.LendablePercent, fldPath.Child("lendablePercent")); err != nil {
		allErrs = append(allErrs, err)
	}
	if blp := limited.BorrowingLimitPercent; blp != nil && *blp < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("borrowingLimitPercent"), *blp, "if specified, must be a non-negative integer"))
	}
	return allErrs
}

func validateLendablePercent(percent *int32, fldPath *field.Path) *field.Error {
	if percent != nil && (*percent < 0 || *percent > 100) {
		return field.Invalid(fldPath, *percent, "must be between 0 and 100, inclusive")
	}
	return nil
}

func validateLimitResponse(lr *flowcontrolv1.LimitResponse, fldPath *field.Path) field.ErrorList {
	switch lr.Type {
	case flowcontrolv1.LimitResponseTypeReject:
		if lr.Queuing != nil {
			return field.ErrorList{field.Forbidden(fldPath.Child("queuing"), "must be nil if limited.limitResponse.type is not Limited")}
		}
	case flowcontrolv1.LimitResponseTypeQueue:
		if lr.Queuing == nil {
			return field.ErrorList{field.Required(fldPath.Child("queuing"), "must not be empty if limited.limitResponse.type is Limited")}
		}
		return validateQueuing(lr.Queuing, fldPath.Child("queuing"))
	default:
		return field.ErrorList{field.NotSupported(fldPath.Child("type"), lr.Type, sets.List(supportedLimitResponseTypes))}
	}
	return nil
}

// validateQueuing checks the queue shape, including that shuffle sharding can deal hands of
// handSize from queues with the bits of one hash.
func validateQueuing(q *flowcontrolv1.QueuingConfiguration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if q.QueueLengthLimit <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("queueLengthLimit"), q.QueueLengthLimit, "must be positive"))
	}
	if q.Queues <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("queues"), q.Queues, "must be positive"))
	} else if q.Queues > maxQueues {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("queues"), q.Queues, fmt.Sprintf("must not be greater than %d", maxQueues)))
	}
	handPath := fldPath.Child("handSize")
	switch {
	case q.HandSize <= 0:
		allErrs = append(allErrs, field.Invalid(handPath, q.HandSize, "must be positive"))
	case q.HandSize > q.Queues:
		allErrs = append(allErrs, field.Invalid(handPath, q.HandSize, fmt.Sprintf("should not be greater than queues (%d)", q.Queues)))
	case shufflesharding.RequiredEntropyBits(int(q.Queues), int(q.HandSize)) > shufflesharding.MaxHashBits:
		allErrs = append(allErrs, field.Invalid(handPath, q.HandSize, fmt.Sprintf("required entropy bits of deckSize %d and handSize %d should not be greater than %d", q.Queues, q.HandSize, shufflesharding.MaxHashBits)))
	}
	return allErrs
}
