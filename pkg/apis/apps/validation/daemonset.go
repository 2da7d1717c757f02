package validation

import (
	appsv1 "k8s.io/api/apps/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateDaemonSet checks a new daemon set.
func ValidateDaemonSet(ds *appsv1.DaemonSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&ds.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(errs, validateDaemonSetSpec(&ds.Spec, field.NewPath("spec"))...)
}

// ValidateDaemonSetUpdate checks an update of a daemon set: the new object as a whole, and a
// selector that has not changed.
func ValidateDaemonSetUpdate(ds, old *appsv1.DaemonSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&ds.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	errs = append(errs, validateDaemonSetSpec(&ds.Spec, field.NewPath("spec"))...)
	return append(errs, validateImmutableSelector(ds.Spec.Selector, old.Spec.Selector)...)
}

// ValidateDaemonSetStatusUpdate checks a write of daemonsets/status.
func ValidateDaemonSetStatusUpdate(ds, old *appsv1.DaemonSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&ds.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	status, path := ds.Status, field.NewPath("status")
	errs = append(errs, nonnegative(int64(status.CurrentNumberScheduled), path.Child("currentNumberScheduled"))...)
	errs = append(errs, nonnegative(int64(status.NumberMisscheduled), path.Child("numberMisscheduled"))...)
	errs = append(errs, nonnegative(int64(status.DesiredNumberScheduled), path.Child("desiredNumberScheduled"))...)
	errs = append(errs, nonnegative(int64(status.NumberReady), path.Child("numberReady"))...)
	errs = append(errs, nonnegative(status.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, nonnegative(int64(status.UpdatedNumberScheduled), path.Child("updatedNumberScheduled"))...)
	errs = append(errs, nonnegative(int64(status.NumberAvailable), path.Child("numberAvailable"))...)
	errs = append(errs, nonnegative(int64(status.NumberUnavailable), path.Child("numberUnavailable"))...)
	errs = append(errs, validateOptionalNonnegative(status.CollisionCount, path.Child("collisionCount"))...)
	return append(errs, validateCollisionCount(status.CollisionCount, old.Status.CollisionCount)...)
}

func validateDaemonSetSpec(spec *appsv1.DaemonSetSpec, fldPath *field.Path) field.ErrorList {
	errs := metav1validation.ValidateLabelSelector(spec.Selector, strictSelector, fldPath.Child("selector"))
	// A missing selector selects nothing, so it is reported as not matching the template.
	if selector, err := metav1.LabelSelectorAsSelector(spec.Selector); err == nil && !selector.Matches(labels.Set(spec.Template.Labels)) {
		errs = append(errs, field.Invalid(fldPath.Child("template", "metadata", "labels"), spec.Template.Labels, "`selector` does not match template `labels`"))
	}
	if spec.Selector != nil && len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
		errs = append(errs, field.Invalid(fldPath.Child("selector"), spec.Selector, "empty selector is invalid for daemonset"))
	}
	errs = append(errs, corevalidation.ValidatePodTemplateSpec(&spec.Template, fldPath.Child("template"))...)
	errs = append(errs, validateRestartAlways(&spec.Template, fldPath.Child("template", "spec"))...)
	if spec.Template.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(fldPath.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in DaemonSet is not Supported"))
	}
	errs = append(errs, nonnegative(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))...)
	errs = append(errs, validateDaemonSetUpdateStrategy(&spec.UpdateStrategy, fldPath.Child("updateStrategy"))...)
	return append(errs, validateOptionalNonnegative(spec.RevisionHistoryLimit, fldPath.Child("revisionHistoryLimit"))...)
}

// internalDaemonSetUpdateStrategy has the shape of upstream's internal update strategy, whose
// rendering as a bad value the messages show.
type internalDaemonSetUpdateStrategy struct {
	Type          appsv1.DaemonSetUpdateStrategyType
	RollingUpdate *internalRollingUpdateDaemonSet
}

type internalRollingUpdateDaemonSet struct {
	MaxUnavailable intstr.IntOrString
	MaxSurge       intstr.IntOrString
}

func validateDaemonSetUpdateStrategy(strategy *appsv1.DaemonSetUpdateStrategy, fldPath *field.Path) field.ErrorList {
	switch strategy.Type {
	case appsv1.OnDeleteDaemonSetStrategyType:
		return nil
	case appsv1.RollingUpdateDaemonSetStrategyType:
		if strategy.RollingUpdate == nil {
			return field.ErrorList{field.Required(fldPath.Child("rollingUpdate"), "")}
		}
		return validateRollingUpdateDaemonSet(strategy.RollingUpdate, fldPath.Child("rollingUpdate"))
	}
	shown := internalDaemonSetUpdateStrategy{Type: strategy.Type}
	if ru := strategy.RollingUpdate; ru != nil {
		shown.RollingUpdate = &internalRollingUpdateDaemonSet{MaxUnavailable: intOrPercent(ru.MaxUnavailable), MaxSurge: intOrPercent(ru.MaxSurge)}
	}
	return field.ErrorList{field.NotSupported(fldPath, corevalidation.InternalShape(shown), []string{string(appsv1.RollingUpdateDaemonSetStrategyType), string(appsv1.OnDeleteDaemonSetStrategyType)})}
}

// validateRollingUpdateDaemonSet requires exactly one of maxUnavailable and maxSurge to be non-zero:
// a daemon set either replaces its pods in place or surges, node by node.
func validateRollingUpdateDaemonSet(ru *appsv1.RollingUpdateDaemonSet, fldPath *field.Path) field.ErrorList {
	maxUnavailable, maxSurge := intOrPercent(ru.MaxUnavailable), intOrPercent(ru.MaxSurge)
	unavailablePath, surgePath := fldPath.Child("maxUnavailable"), fldPath.Child("maxSurge")
	errs := validatePositiveIntOrPercent(maxUnavailable, unavailablePath)
	errs = append(errs, validatePositiveIntOrPercent(maxSurge, surgePath)...)
	errs = append(errs, validateNotMoreThan100Percent(maxUnavailable, unavailablePath)...)
	errs = append(errs, validateNotMoreThan100Percent(maxSurge, surgePath)...)
	hasUnavailable, hasSurge := intOrPercentValue(maxUnavailable) != 0, intOrPercentValue(maxSurge) != 0
	switch {
	case hasUnavailable && hasSurge:
		errs = append(errs, field.Invalid(surgePath, maxSurge, "may not be set when maxUnavailable is non-zero"))
	case !hasUnavailable && !hasSurge:
		errs = append(errs, field.Required(unavailablePath, "cannot be 0 when maxSurge is 0"))
	}
	return errs
}
