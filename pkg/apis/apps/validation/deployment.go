package validation

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateDeployment checks a new deployment.
func ValidateDeployment(d *appsv1.Deployment) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&d.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(errs, validateDeploymentSpec(d, field.NewPath("spec"))...)
}

// ValidateDeploymentUpdate checks an update of a deployment: the new object as a whole, and a
// selector that has not changed.
func ValidateDeploymentUpdate(d, old *appsv1.Deployment) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&d.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	errs = append(errs, validateDeploymentSpec(d, field.NewPath("spec"))...)
	return append(errs, validateImmutableSelector(d.Spec.Selector, old.Spec.Selector)...)
}

// ValidateDeploymentStatusUpdate checks a write of deployments/status.
func ValidateDeploymentStatusUpdate(d, old *appsv1.Deployment) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&d.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	status, path := d.Status, field.NewPath("status")
	errs = append(errs, nonnegative(status.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, nonnegative(int64(status.Replicas), path.Child("replicas"))...)
	errs = append(errs, nonnegative(int64(status.UpdatedReplicas), path.Child("updatedReplicas"))...)
	errs = append(errs, nonnegative(int64(status.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, nonnegative(int64(status.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, nonnegative(int64(status.UnavailableReplicas), path.Child("unavailableReplicas"))...)
	errs = append(errs, validateOptionalNonnegative(status.TerminatingReplicas, path.Child("terminatingReplicas"))...)
	errs = append(errs, validateOptionalNonnegative(status.CollisionCount, path.Child("collisionCount"))...)
	errs = append(errs, validateReplicaSubsets(path, status.Replicas, status.ReadyReplicas, status.AvailableReplicas,
		namedCount{"updatedReplicas", status.UpdatedReplicas})...)
	return append(errs, validateCollisionCount(status.CollisionCount, old.Status.CollisionCount)...)
}

func validateDeploymentSpec(d *appsv1.Deployment, fldPath *field.Path) field.ErrorList {
	spec := &d.Spec
	errs := nonnegative(int64(ptr.Deref(spec.Replicas, 0)), fldPath.Child("replicas"))
	errs = append(errs, validateReplicaSetPods(spec.Selector, &spec.Template, "deployment", fldPath)...)
	errs = append(errs, validateDeploymentStrategy(&spec.Strategy, fldPath.Child("strategy"))...)
	errs = append(errs, nonnegative(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))...)
	errs = append(errs, validateOptionalNonnegative(spec.RevisionHistoryLimit, fldPath.Child("revisionHistoryLimit"))...)
	// apps/v1 keeps the rollback request of older versions in an annotation, which upstream converts
	// to spec.rollbackTo and validates there.
	if revision, ok := d.Annotations[appsv1.DeprecatedRollbackTo]; ok {
		if n, err := strconv.ParseInt(revision, 10, 64); err == nil {
			errs = append(errs, nonnegative(n, fldPath.Child("rollback", "version"))...)
		}
	}
	if spec.ProgressDeadlineSeconds != nil {
		path := fldPath.Child("progressDeadlineSeconds")
		errs = append(errs, nonnegative(int64(*spec.ProgressDeadlineSeconds), path)...)
		if *spec.ProgressDeadlineSeconds <= spec.MinReadySeconds {
			errs = append(errs, field.Invalid(path, spec.ProgressDeadlineSeconds, "must be greater than minReadySeconds"))
		}
	}
	return errs
}

// internalDeploymentStrategy has the shape of upstream's internal DeploymentStrategy, whose
// rendering as a bad value the messages show.
type internalDeploymentStrategy struct {
	Type          appsv1.DeploymentStrategyType
	RollingUpdate *internalRollingUpdateDeployment
}

type internalRollingUpdateDeployment struct {
	MaxUnavailable intstr.IntOrString
	MaxSurge       intstr.IntOrString
}

func validateDeploymentStrategy(strategy *appsv1.DeploymentStrategy, fldPath *field.Path) field.ErrorList {
	switch strategy.Type {
	case appsv1.RecreateDeploymentStrategyType:
		if strategy.RollingUpdate != nil {
			return field.ErrorList{field.Forbidden(fldPath.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")}
		}
	case appsv1.RollingUpdateDeploymentStrategyType:
		if strategy.RollingUpdate == nil {
			return field.ErrorList{field.Required(fldPath.Child("rollingUpdate"), "this should be defaulted and never be nil")}
		}
		return validateRollingUpdateDeployment(strategy.RollingUpdate, fldPath.Child("rollingUpdate"))
	default:
		shown := internalDeploymentStrategy{Type: strategy.Type}
		if ru := strategy.RollingUpdate; ru != nil {
			shown.RollingUpdate = &internalRollingUpdateDeployment{MaxUnavailable: intOrPercent(ru.MaxUnavailable), MaxSurge: intOrPercent(ru.MaxSurge)}
		}
		return field.ErrorList{field.NotSupported(fldPath, corevalidation.InternalShape(shown), []string{string(appsv1.RecreateDeploymentStrategyType), string(appsv1.RollingUpdateDeploymentStrategyType)})}
	}
	return nil
}

func validateRollingUpdateDeployment(ru *appsv1.RollingUpdateDeployment, fldPath *field.Path) field.ErrorList {
	maxUnavailable, maxSurge := intOrPercent(ru.MaxUnavailable), intOrPercent(ru.MaxSurge)
	errs := validatePositiveIntOrPercent(maxUnavailable, fldPath.Child("maxUnavailable"))
	errs = append(errs, validatePositiveIntOrPercent(maxSurge, fldPath.Child("maxSurge"))...)
	if intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0 {
		errs = append(errs, field.Invalid(fldPath.Child("maxUnavailable"), maxUnavailable, "may not be 0 when `maxSurge` is 0"))
	}
	return append(errs, validateNotMoreThan100Percent(maxUnavailable, fldPath.Child("maxUnavailable"))...)
}
