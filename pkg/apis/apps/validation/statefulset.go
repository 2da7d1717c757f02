package validation

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateStatefulSet checks a new stateful set. Its name becomes part of its pods' host names, so
// it must be a DNS label. Its claim templates are checked as claims' specs are; as they cannot
// change, only a new stateful set's are.
func ValidateStatefulSet(sts *appsv1.StatefulSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&sts.ObjectMeta, true, apimachineryvalidation.NameIsDNSLabel, field.NewPath("metadata"))
	errs = append(errs, validateStatefulSetSpec(&sts.Spec, field.NewPath("spec"))...)
	claimsPath := field.NewPath("spec", "volumeClaimTemplates")
	for i := range sts.Spec.VolumeClaimTemplates {
		errs = append(errs, corevalidation.ValidatePersistentVolumeClaimSpec(&sts.Spec.VolumeClaimTemplates[i].Spec, claimsPath.Index(i).Child("spec"))...)
	}
	return errs
}

// ValidateStatefulSetUpdate checks an update of a stateful set. The name is not checked again, as
// older servers accepted DNS subdomains, and only the fields the controller can roll out may change.
func ValidateStatefulSetUpdate(sts, old *appsv1.StatefulSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&sts.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	errs = append(errs, validateStatefulSetSpec(&sts.Spec, field.NewPath("spec"))...)

	mutable := sts.Spec.DeepCopy()
	mutable.Replicas = old.Spec.Replicas
	mutable.Ordinals = old.Spec.Ordinals
	mutable.Template = old.Spec.Template
	mutable.UpdateStrategy = old.Spec.UpdateStrategy
	mutable.RevisionHistoryLimit = old.Spec.RevisionHistoryLimit
	mutable.PersistentVolumeClaimRetentionPolicy = old.Spec.PersistentVolumeClaimRetentionPolicy
	mutable.MinReadySeconds = old.Spec.MinReadySeconds
	if !apiequality.Semantic.DeepEqual(*mutable, old.Spec) {
		errs = append(errs, field.Forbidden(field.NewPath("spec"), "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"))
	}
	return errs
}

// ValidateStatefulSetStatusUpdate checks a write of statefulsets/status.
func ValidateStatefulSetStatusUpdate(sts, old *appsv1.StatefulSet) field.ErrorList {
	status, path := sts.Status, field.NewPath("status")
	errs := nonnegative(int64(status.Replicas), path.Child("replicas"))
	errs = append(errs, nonnegative(int64(status.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, nonnegative(int64(status.CurrentReplicas), path.Child("currentReplicas"))...)
	errs = append(errs, nonnegative(int64(status.UpdatedReplicas), path.Child("updatedReplicas"))...)
	errs = append(errs, nonnegative(int64(status.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, nonnegative(status.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, validateOptionalNonnegative(status.CollisionCount, path.Child("collisionCount"))...)
	const msg = "cannot be greater than status.replicas"
	if status.ReadyReplicas > status.Replicas {
		errs = append(errs, field.Invalid(path.Child("readyReplicas"), status.ReadyReplicas, msg))
	}
	if status.CurrentReplicas > status.Replicas {
		errs = append(errs, field.Invalid(path.Child("currentReplicas"), status.CurrentReplicas, msg))
	}
	if status.UpdatedReplicas > status.Replicas {
		errs = append(errs, field.Invalid(path.Child("updatedReplicas"), status.UpdatedReplicas, msg))
	}
	if status.AvailableReplicas > status.Replicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), status.AvailableReplicas, msg))
	}
	if status.AvailableReplicas > status.ReadyReplicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), status.AvailableReplicas, "cannot be greater than status.readyReplicas"))
	}
	errs = append(errs, corevalidation.ValidateObjectMetaUpdate(&sts.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))...)
	return append(errs, validateCollisionCount(status.CollisionCount, old.Status.CollisionCount)...)
}

// internalStatefulSetUpdateStrategy has the shape of upstream's internal update strategy, whose
// rendering as a bad value the messages show.
type internalStatefulSetUpdateStrategy struct {
	Type          appsv1.StatefulSetUpdateStrategyType
	RollingUpdate *internalRollingUpdateStatefulSet
}

type internalRollingUpdateStatefulSet struct {
	Partition      int32
	MaxUnavailable *intstr.IntOrString
}

func internalStatefulSetRollingUpdate(ru *appsv1.RollingUpdateStatefulSetStrategy) *internalRollingUpdateStatefulSet {
	if ru == nil {
		return nil
	}
	return &internalRollingUpdateStatefulSet{Partition: ptr.Deref(ru.Partition, 0), MaxUnavailable: ru.MaxUnavailable}
}

func validateStatefulSetSpec(spec *appsv1.StatefulSetSpec, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch spec.PodManagementPolicy {
	case "":
		errs = append(errs, field.Required(fldPath.Child("podManagementPolicy"), ""))
	case appsv1.OrderedReadyPodManagement, appsv1.ParallelPodManagement:
	default:
		errs = append(errs, field.Invalid(fldPath.Child("podManagementPolicy"), spec.PodManagementPolicy, fmt.Sprintf("must be '%s' or '%s'", appsv1.OrderedReadyPodManagement, appsv1.ParallelPodManagement)))
	}

	strategyPath := fldPath.Child("updateStrategy")
	switch spec.UpdateStrategy.Type {
	case "":
		errs = append(errs, field.Required(strategyPath, ""))
	case appsv1.OnDeleteStatefulSetStrategyType:
		if ru := spec.UpdateStrategy.RollingUpdate; ru != nil {
			errs = append(errs, field.Invalid(strategyPath.Child("rollingUpdate"), corevalidation.InternalShape(internalStatefulSetRollingUpdate(ru)), "only allowed for updateStrategy 'RollingUpdate'"))
		}
	case appsv1.RollingUpdateStatefulSetStrategyType:
		if ru := spec.UpdateStrategy.RollingUpdate; ru != nil {
			errs = append(errs, validateRollingUpdateStatefulSet(ru, strategyPath.Child("rollingUpdate"))...)
		}
	default:
		shown := internalStatefulSetUpdateStrategy{Type: spec.UpdateStrategy.Type, RollingUpdate: internalStatefulSetRollingUpdate(spec.UpdateStrategy.RollingUpdate)}
		errs = append(errs, field.Invalid(strategyPath, corevalidation.InternalShape(shown), fmt.Sprintf("must be '%s' or '%s'", appsv1.RollingUpdateStatefulSetStrategyType, appsv1.OnDeleteStatefulSetStrategyType)))
	}

	if policy := spec.PersistentVolumeClaimRetentionPolicy; policy != nil {
		policyPath := fldPath.Child("persistentVolumeClaimRetentionPolicy")
		errs = append(errs, validateRetentionPolicyType(policy.WhenDeleted, policyPath.Child("whenDeleted"))...)
		errs = append(errs, validateRetentionPolicyType(policy.WhenScaled, policyPath.Child("whenScaled"))...)
	}

	errs = append(errs, nonnegative(int64(ptr.Deref(spec.Replicas, 0)), fldPath.Child("replicas"))...)
	errs = append(errs, nonnegative(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))...)
	if spec.Ordinals != nil {
		errs = append(errs, nonnegative(int64(spec.Ordinals.Start), fldPath.Child("ordinals.start"))...)
	}

	if spec.Selector == nil {
		errs = append(errs, field.Required(fldPath.Child("selector"), ""))
	} else {
		errs = append(errs, metav1validation.ValidateLabelSelector(spec.Selector, strictSelector, fldPath.Child("selector"))...)
		if len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
			errs = append(errs, field.Invalid(fldPath.Child("selector"), spec.Selector, "empty selector is invalid for statefulset"))
		}
	}
	if selector, err := metav1.LabelSelectorAsSelector(spec.Selector); err != nil {
		errs = append(errs, field.Invalid(fldPath.Child("selector"), spec.Selector, ""))
	} else {
		errs = append(errs, validateStatefulSetTemplate(spec, selector, fldPath.Child("template"))...)
	}

	errs = append(errs, validateRestartAlways(&spec.Template, fldPath.Child("template", "spec"))...)
	if spec.Template.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(fldPath.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"))
	}
	return errs
}

// validateStatefulSetTemplate checks the pod template as the pods will be: each claim template
// becomes a volume of its name, in place of a template volume of the same name, so that containers
// may mount the claims.
func validateStatefulSetTemplate(spec *appsv1.StatefulSetSpec, selector labels.Selector, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !selector.Empty() && !selector.Matches(labels.Set(spec.Template.Labels)) {
		errs = append(errs, field.Invalid(fldPath.Child("metadata", "labels"), spec.Template.Labels, "`selector` does not match template `labels`"))
	}
	template := spec.Template.DeepCopy()
	template.Spec.Volumes = podVolumes(spec)
	return append(errs, corevalidation.ValidatePodTemplateSpec(template, fldPath)...)
}

// podVolumes returns the volumes of a stateful set's pods: one per claim template name, then the
// template's own volumes that no claim template replaces.
func podVolumes(spec *appsv1.StatefulSetSpec) []corev1.Volume {
	var volumes []corev1.Volume
	claimed := map[string]bool{}
	for _, claim := range spec.VolumeClaimTemplates {
		if claimed[claim.Name] {
			continue
		}
		claimed[claim.Name] = true
		volumes = append(volumes, corev1.Volume{
			Name:         claim.Name,
			VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim.Name}},
		})
	}
	for _, v := range spec.Template.Spec.Volumes {
		if !claimed[v.Name] {
			volumes = append(volumes, v)
		}
	}
	return volumes
}

func validateRetentionPolicyType(policy appsv1.PersistentVolumeClaimRetentionPolicyType, fldPath *field.Path) field.ErrorList {
	switch policy {
	case appsv1.RetainPersistentVolumeClaimRetentionPolicyType, appsv1.DeletePersistentVolumeClaimRetentionPolicyType:
		return nil
	}
	return field.ErrorList{field.NotSupported(fldPath, policy, []string{string(appsv1.RetainPersistentVolumeClaimRetentionPolicyType), string(appsv1.DeletePersistentVolumeClaimRetentionPolicyType)})}
}

func validateRollingUpdateStatefulSet(ru *appsv1.RollingUpdateStatefulSetStrategy, fldPath *field.Path) field.ErrorList {
	errs := nonnegative(int64(ptr.Deref(ru.Partition, 0)), fldPath.Child("partition"))
	if ru.MaxUnavailable != nil {
		path := fldPath.Child("maxUnavailable")
		errs = append(errs, validatePositiveIntOrPercent(*ru.MaxUnavailable, path)...)
		if intOrPercentValue(*ru.MaxUnavailable) == 0 {
			errs = append(errs, field.Invalid(path, *ru.MaxUnavailable, "cannot be 0"))
		}
		errs = append(errs, validateNotMoreThan100Percent(*ru.MaxUnavailable, path)...)
	}
	return errs
}
