// Package validation checks horizontal pod autoscalers, in their autoscaling/v2 hub form, with
// kube-apiserver's messages and field paths; autoscaling/v1 objects are converted to that form
// first, so their errors name the v2 fields too, as upstream's do.
package validation

import (
	"fmt"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	pathvalidation "k8s.io/apimachinery/pkg/api/validation/path"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	// maxPeriodSeconds bounds a scaling policy's period to half an hour.
	maxPeriodSeconds int32 = 1800
	// maxStabilizationWindowSeconds bounds a stabilization window to an hour.
	maxStabilizationWindowSeconds int32 = 3600
)

var (
	supportedMetricSourceTypes = []string{
		string(autoscalingv2.ContainerResourceMetricSourceType), string(autoscalingv2.ExternalMetricSourceType),
		string(autoscalingv2.ObjectMetricSourceType), string(autoscalingv2.PodsMetricSourceType),
		string(autoscalingv2.ResourceMetricSourceType),
	}
	supportedSelectPolicies = []string{
		string(autoscalingv2.DisabledPolicySelect), string(autoscalingv2.MaxChangePolicySelect), string(autoscalingv2.MinChangePolicySelect),
	}
	supportedPolicyTypes = []string{string(autoscalingv2.PercentScalingPolicy), string(autoscalingv2.PodsScalingPolicy)}
)

// ReferenceOptions relax the check of an object reference's apiVersion.
type ReferenceOptions struct {
	// AllowEmptyGroup accepts an apiVersion without a group, such as "v1" or "".
	AllowEmptyGroup bool
	// SkipAPIVersion accepts any apiVersion, for references an update leaves as they were.
	SkipAPIVersion bool
}

// Options are the parts of a check that depend on the request rather than on the autoscaler alone.
type Options struct {
	// MinReplicasLowerBound is the smallest minReplicas accepted.
	MinReplicasLowerBound int32
	// ScaleTargetRef relaxes the check of spec.scaleTargetRef.
	ScaleTargetRef ReferenceOptions
	// ObjectMetrics relaxes the check of the described objects of Object metrics.
	ObjectMetrics ReferenceOptions
}

// OptionsFor returns the options for creating hpa (old is nil) or for updating old to hpa. A
// ReplicationController, the one scalable core kind, may be named without a group; an update that
// keeps the target's kind and apiVersion, or whose old Object metrics were already invalid, is not
// refused for what it did not change.
func OptionsFor(hpa, old *autoscalingv2.HorizontalPodAutoscaler) Options {
	opts := Options{MinReplicasLowerBound: 1, ObjectMetrics: ReferenceOptions{AllowEmptyGroup: true}}
	if old != nil && old.Spec.MinReplicas != nil && *old.Spec.MinReplicas == 0 {
		opts.MinReplicasLowerBound = 0
	}
	switch {
	case old != nil && old.Spec.ScaleTargetRef.APIVersion == hpa.Spec.ScaleTargetRef.APIVersion && old.Spec.ScaleTargetRef.Kind == hpa.Spec.ScaleTargetRef.Kind:
		opts.ScaleTargetRef.SkipAPIVersion = true
	case hpa.Spec.ScaleTargetRef.Kind == "ReplicationController":
		opts.ScaleTargetRef.AllowEmptyGroup = true
	}
	if old != nil {
		for _, m := range old.Spec.Metrics {
			if m.Type == autoscalingv2.ObjectMetricSourceType && m.Object != nil && apiVersionError(m.Object.DescribedObject, opts.ObjectMetrics) != nil {
				opts.ObjectMetrics.SkipAPIVersion = true
				break
			}
		}
	}
	return opts
}

// ValidateHorizontalPodAutoscaler checks a new autoscaler.
func ValidateHorizontalPodAutoscaler(hpa *autoscalingv2.HorizontalPodAutoscaler, opts Options) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&hpa.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateSpec(&hpa.Spec, field.NewPath("spec"), opts)...)
}

// ValidateHorizontalPodAutoscalerUpdate checks an update of an autoscaler.
func ValidateHorizontalPodAutoscalerUpdate(hpa, old *autoscalingv2.HorizontalPodAutoscaler, opts Options) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&hpa.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, validateSpec(&hpa.Spec, field.NewPath("spec"), opts)...)
}

// ValidateHorizontalPodAutoscalerStatusUpdate checks a status write: replica counts are never
// negative.
func ValidateHorizontalPodAutoscalerStatusUpdate(hpa, old *autoscalingv2.HorizontalPodAutoscaler) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&hpa.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	status := field.NewPath("status")
	allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(hpa.Status.CurrentReplicas), status.Child("currentReplicas"))...)
	return append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(hpa.Status.DesiredReplicas), status.Child("desiredReplicas"))...)
}

func validateSpec(spec *autoscalingv2.HorizontalPodAutoscalerSpec, fldPath *field.Path, opts Options) field.ErrorList {
	var allErrs field.ErrorList
	if spec.MinReplicas != nil && spec.MaxReplicas < *spec.MinReplicas {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("maxReplicas"), spec.MaxReplicas, "must be greater than or equal to `minReplicas`"))
	}
	allErrs = append(allErrs, validateReference(spec.ScaleTargetRef, fldPath.Child("scaleTargetRef"), opts.ScaleTargetRef)...)
	allErrs = append(allErrs, validateMetrics(spec.Metrics, fldPath.Child("metrics"), spec.MinReplicas, opts.ObjectMetrics)...)
	if spec.Behavior != nil {
		allErrs = append(allErrs, validateScalingRules(spec.Behavior.ScaleUp, fldPath.Child("behavior", "scaleUp"))...)
		allErrs = append(allErrs, validateScalingRules(spec.Behavior.ScaleDown, fldPath.Child("behavior", "scaleDown"))...)
	}
	// kube-apiserver v1.37 checks the replica bounds declaratively and reports them after the
	// handwritten errors, with the declarative messages.
	if spec.MinReplicas != nil && *spec.MinReplicas < opts.MinReplicasLowerBound {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("minReplicas"), *spec.MinReplicas, fmt.Sprintf("must be greater than or equal to %d", opts.MinReplicasLowerBound)))
	}
	switch {
	case spec.MaxReplicas == 0:
		allErrs = append(allErrs, field.Required(fldPath.Child("maxReplicas"), ""))
	case spec.MaxReplicas < 0:
		allErrs = append(allErrs, field.Invalid(fldPath.Child("maxReplicas"), spec.MaxReplicas, "must be greater than or equal to 1"))
	}
	return allErrs
}

func validateReference(ref autoscalingv2.CrossVersionObjectReference, fldPath *field.Path, opts ReferenceOptions) field.ErrorList {
	var allErrs field.ErrorList
	allErrs = append(allErrs, validatePathSegment(ref.Kind, fldPath.Child("kind"))...)
	allErrs = append(allErrs, validatePathSegment(ref.Name, fldPath.Child("name"))...)
	if err := apiVersionError(ref, opts); err != nil {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("apiVersion"), ref.APIVersion, err.Error()))
	}
	return allErrs
}

func validatePathSegment(value string, fldPath *field.Path) field.ErrorList {
	if value == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	var allErrs field.ErrorList
	for _, msg := range pathvalidation.IsValidPathSegmentName(value) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, msg))
	}
	return allErrs
}

func apiVersionError(ref autoscalingv2.CrossVersionObjectReference, opts ReferenceOptions) error {
	if opts.SkipAPIVersion {
		return nil
	}
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil {
		return err
	}
	if !opts.AllowEmptyGroup && gv.Group == "" {
		return fmt.Errorf("apiVersion must specify API group")
	}
	return nil
}

func validateMetrics(metrics []autoscalingv2.MetricSpec, fldPath *field.Path, minReplicas *int32, opts ReferenceOptions) field.ErrorList {
	var allErrs field.ErrorList
	scalesFromZero := false
	for i := range metrics {
		allErrs = append(allErrs, validateMetricSpec(&metrics[i], fldPath.Index(i), opts)...)
		if t := metrics[i].Type; t == autoscalingv2.ObjectMetricSourceType || t == autoscalingv2.ExternalMetricSourceType {
			scalesFromZero = true
		}
	}
	if minReplicas != nil && *minReplicas == 0 && !scalesFromZero {
		allErrs = append(allErrs, field.Forbidden(fldPath, "must specify at least one Object or External metric to support scaling to zero replicas"))
	}
	return allErrs
}

// validateMetricSpec checks that a metric sets exactly the source its type names, and checks that
// source; only the first source set is checked in depth.
func validateMetricSpec(spec *autoscalingv2.MetricSpec, fldPath *field.Path, opts ReferenceOptions) field.ErrorList {
	var allErrs field.ErrorList
	if spec.Type == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("type"), "must specify a metric source type"))
	}
	known := false
	for _, t := range supportedMetricSourceTypes {
		known = known || string(spec.Type) == t
	}
	if !known {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), spec.Type, supportedMetricSourceTypes))
	}

	var present []string
	checkFirst := func(name string, set bool, check func() field.ErrorList) {
		if !set {
			return
		}
		present = append(present, name)
		if len(present) == 1 {
			allErrs = append(allErrs, check()...)
		}
	}
	checkFirst("object", spec.Object != nil, func() field.ErrorList { return validateObjectSource(spec.Object, fldPath.Child("object"), opts) })
	checkFirst("external", spec.External != nil, func() field.ErrorList { return validateExternalSource(spec.External, fldPath.Child("external")) })
	checkFirst("pods", spec.Pods != nil, func() field.ErrorList { return validatePodsSource(spec.Pods, fldPath.Child("pods")) })
	checkFirst("resource", spec.Resource != nil, func() field.ErrorList { return validateResourceSource(spec.Resource, fldPath.Child("resource")) })
	checkFirst("containerResource", spec.ContainerResource != nil, func() field.ErrorList {
		return validateContainerResourceSource(spec.ContainerResource, fldPath.Child("containerResource"))
	})

	expected := ""
	if known {
		// The field named by a type is its name with a lower-case first letter.
		expected = strings.ToLower(string(spec.Type[:1])) + string(spec.Type[1:])
		found := false
		for _, p := range present {
			found = found || p == expected
		}
		if !found {
			allErrs = append(allErrs, field.Required(fldPath.Child(expected), "must populate information for the given metric source"))
		}
	} else {
		// kube-apiserver reports an unknown type a second time while it looks for its source.
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), spec.Type, supportedMetricSourceTypes))
	}
	if len(present) > 1 {
		for _, p := range present {
			if p != expected {
				allErrs = append(allErrs, field.Forbidden(fldPath.Child(p), "must populate the given metric source only"))
			}
		}
	}
	return allErrs
}

func validateObjectSource(src *autoscalingv2.ObjectMetricSource, fldPath *field.Path, opts ReferenceOptions) field.ErrorList {
	allErrs := validateReference(src.DescribedObject, fldPath.Child("describedObject"), opts)
	allErrs = append(allErrs, validateMetricIdentifier(src.Metric, fldPath.Child("metric"))...)
	allErrs = append(allErrs, validateMetricTarget(src.Target, fldPath.Child("target"))...)
	if src.Target.Value == nil && src.Target.AverageValue == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("target", "averageValue"), "must set either a target value or averageValue"))
	}
	return allErrs
}

func validateExternalSource(src *autoscalingv2.ExternalMetricSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateMetricIdentifier(src.Metric, fldPath.Child("metric"))
	allErrs = append(allErrs, validateMetricTarget(src.Target, fldPath.Child("target"))...)
	if src.Target.Value == nil && src.Target.AverageValue == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("target", "averageValue"), "must set either a target value for metric or a per-pod target"))
	}
	if src.Target.Value != nil && src.Target.AverageValue != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("target", "value"), "may not set both a target value for metric and a per-pod target"))
	}
	return allErrs
}

func validatePodsSource(src *autoscalingv2.PodsMetricSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateMetricIdentifier(src.Metric, fldPath.Child("metric"))
	allErrs = append(allErrs, validateMetricTarget(src.Target, fldPath.Child("target"))...)
	if src.Target.AverageValue == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("target", "averageValue"), "must specify a positive target averageValue"))
	}
	return allErrs
}

func validateResourceSource(src *autoscalingv2.ResourceMetricSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if src.Name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), "must specify a resource name"))
	}
	return append(allErrs, validateResourceTarget(src.Target, fldPath.Child("target"))...)
}

func validateContainerResourceSource(src *autoscalingv2.ContainerResourceMetricSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if src.Name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), "must specify a resource name"))
	} else {
		allErrs = append(allErrs, corevalidation.ValidateContainerResourceName(src.Name, fldPath.Child("name"))...)
	}
	if src.Container == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("container"), "must specify a container"))
	} else {
		allErrs = append(allErrs, corevalidation.ValidateDNS1123Label(src.Container, fldPath.Child("container"))...)
	}
	return append(allErrs, validateResourceTarget(src.Target, fldPath.Child("target"))...)
}

// validateResourceTarget checks the target of a Resource or ContainerResource metric, which is a
// utilization or an average value but not both.
func validateResourceTarget(target autoscalingv2.MetricTarget, fldPath *field.Path) field.ErrorList {
	allErrs := validateMetricTarget(target, fldPath)
	if target.AverageUtilization == nil && target.AverageValue == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("averageUtilization"), "must set either a target raw value or a target utilization"))
	}
	if target.AverageUtilization != nil && target.AverageValue != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("averageValue"), "may not set both a target raw value and a target utilization"))
	}
	return allErrs
}

func validateMetricTarget(target autoscalingv2.MetricTarget, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if target.Type == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("type"), "must specify a metric target type"))
	}
	switch target.Type {
	case autoscalingv2.UtilizationMetricType, autoscalingv2.ValueMetricType, autoscalingv2.AverageValueMetricType:
	default:
		allErrs = append(allErrs, field.Invalid(fldPath.Child("type"), target.Type, "must be either Utilization, Value, or AverageValue"))
	}
	if target.Value != nil && target.Value.Sign() != 1 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("value"), target.Value, "must be positive"))
	}
	if target.AverageValue != nil && target.AverageValue.Sign() != 1 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("averageValue"), target.AverageValue, "must be positive"))
	}
	if target.AverageUtilization != nil && *target.AverageUtilization < 1 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("averageUtilization"), target.AverageUtilization, "must be greater than 0"))
	}
	return allErrs
}

func validateMetricIdentifier(id autoscalingv2.MetricIdentifier, fldPath *field.Path) field.ErrorList {
	if id.Name == "" {
		return field.ErrorList{field.Required(fldPath.Child("name"), "must specify a metric name")}
	}
	var allErrs field.ErrorList
	for _, msg := range pathvalidation.IsValidPathSegmentName(id.Name) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), id.Name, msg))
	}
	return allErrs
}

func validateScalingRules(rules *autoscalingv2.HPAScalingRules, fldPath *field.Path) field.ErrorList {
	if rules == nil {
		return nil
	}
	var allErrs field.ErrorList
	if w := rules.StabilizationWindowSeconds; w != nil {
		if *w < 0 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("stabilizationWindowSeconds"), w, "must be greater than or equal to zero"))
		}
		if *w > maxStabilizationWindowSeconds {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("stabilizationWindowSeconds"), w, fmt.Sprintf("must be less than or equal to %v", maxStabilizationWindowSeconds)))
		}
	}
	if p := rules.SelectPolicy; p != nil {
		switch *p {
		case autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect, autoscalingv2.DisabledPolicySelect:
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("selectPolicy"), p, supportedSelectPolicies))
		}
	}
	policies := fldPath.Child("policies")
	if len(rules.Policies) == 0 {
		allErrs = append(allErrs, field.Required(policies, "must specify at least one Policy"))
	}
	for i, policy := range rules.Policies {
		allErrs = append(allErrs, validateScalingPolicy(policy, policies.Index(i))...)
	}
	if rules.Tolerance != nil && rules.Tolerance.Cmp(resource.Quantity{}) < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("tolerance"), rules.Tolerance.String(), "must be greater than or equal to 0"))
	}
	return allErrs
}

func validateScalingPolicy(policy autoscalingv2.HPAScalingPolicy, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if policy.Type != autoscalingv2.PodsScalingPolicy && policy.Type != autoscalingv2.PercentScalingPolicy {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), policy.Type, supportedPolicyTypes))
	}
	if policy.Value <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("value"), policy.Value, "must be greater than zero"))
	}
	if policy.PeriodSeconds <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("periodSeconds"), policy.PeriodSeconds, "must be greater than zero"))
	}
	if policy.PeriodSeconds > maxPeriodSeconds {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("periodSeconds"), policy.PeriodSeconds, fmt.Sprintf("must be less than or equal to %v", maxPeriodSeconds)))
	}
	return allErrs
}
