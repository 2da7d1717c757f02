// Package validation checks batch/v1 Jobs and CronJobs as kube-apiserver does, with its messages
// and field paths.
package validation

import (
	"fmt"
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/batch"
	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	// maxParallelismForIndexedJob caps an Indexed job's parallelism, which bounds the length of
	// status.completedIndexes.
	maxParallelismForIndexedJob = 100000
	// maxFailedIndexesForIndexedJob bounds status.failedIndexes likewise.
	maxFailedIndexesForIndexedJob = 100_000

	completionsSoftLimit                    = 100_000
	parallelismLimitForHighCompletions      = 10_000
	maxFailedIndexesLimitForHighCompletions = 10_000

	maxPodFailurePolicyRules                   = 20
	maxPodFailurePolicyOnExitCodesValues       = 255
	maxPodFailurePolicyOnPodConditionsPatterns = 20
	maxManagedByLength                         = 63
	maxJobSuccessPolicySucceededIndexesLimit   = 64 * 1024
	maxSuccessPolicyRule                       = 20
)

var (
	supportedPodFailurePolicyActions = sets.New(
		batchv1.PodFailurePolicyActionCount,
		batchv1.PodFailurePolicyActionFailIndex,
		batchv1.PodFailurePolicyActionFailJob,
		batchv1.PodFailurePolicyActionIgnore)
	supportedOnExitCodesOperators   = sets.New(batchv1.PodFailurePolicyOnExitCodesOpIn, batchv1.PodFailurePolicyOnExitCodesOpNotIn)
	supportedOnPodConditionsStatus  = sets.New(corev1.ConditionFalse, corev1.ConditionTrue, corev1.ConditionUnknown)
	supportedPodReplacementPolicies = sets.New(batchv1.Failed, batchv1.TerminatingOrFailed)
)

// JobOptions are the relaxations an update of a job may get from the job it replaces.
type JobOptions struct {
	// AllowMutableSchedulingDirectives lets the template's node affinity, node selector,
	// tolerations, scheduling gates, labels and annotations change: the job is suspended and has
	// never started.
	AllowMutableSchedulingDirectives bool
	// RequirePrefixedLabels requires the batch.kubernetes.io/ generated labels besides the legacy
	// ones; jobs created before they existed are spared.
	RequirePrefixedLabels bool
	// AllowInvalidLabelValueInSelector keeps a selector the old object already had valid.
	AllowInvalidLabelValueInSelector bool
}

// ValidateJob checks a job, new or updated.
func ValidateJob(job *batchv1.Job, opts JobOptions) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&job.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, validateGeneratedSelector(job, opts.RequirePrefixedLabels)...)
	allErrs = append(allErrs, validateJobSpecWithSelector(&job.Spec, field.NewPath("spec"), opts)...)
	if ptr.Deref(job.Spec.CompletionMode, "") == batchv1.IndexedCompletion && ptr.Deref(job.Spec.Completions, 0) > 0 {
		// Indexed pods are named after the job and their index, and the name becomes the host name.
		hostname := fmt.Sprintf("%s-%d", job.Name, *job.Spec.Completions-1)
		if errs := utilvalidation.IsDNS1123Label(hostname); len(errs) > 0 {
			allErrs = append(allErrs, field.Invalid(field.NewPath("metadata", "name"), job.Name, fmt.Sprintf("will not able to create pod with invalid DNS label: %s", hostname)))
		}
	}
	return allErrs
}

// validateGeneratedSelector checks, unless the selector is manual, that the template carries the
// labels the strategy generated and that the selector picks them.
func validateGeneratedSelector(job *batchv1.Job, requirePrefixed bool) field.ErrorList {
	if ptr.Deref(job.Spec.ManualSelector, false) || job.Spec.Selector == nil {
		return nil
	}
	var allErrs field.ErrorList
	if job.UID == "" {
		allErrs = append(allErrs, field.Required(field.NewPath("metadata", "uid"), ""))
	}
	meta := field.NewPath("spec", "template", "metadata")
	expected := map[string]string{
		batch.LegacyControllerUIDLabel: string(job.UID),
		batch.LegacyJobNameLabel:       job.Name,
	}
	allErrs = append(allErrs, validateHasLabel(job.Spec.Template.ObjectMeta, meta, batch.LegacyControllerUIDLabel, string(job.UID))...)
	allErrs = append(allErrs, validateHasLabel(job.Spec.Template.ObjectMeta, meta, batch.LegacyJobNameLabel, job.Name)...)
	if requirePrefixed {
		allErrs = append(allErrs, validateHasLabel(job.Spec.Template.ObjectMeta, meta, batchv1.ControllerUidLabel, string(job.UID))...)
		allErrs = append(allErrs, validateHasLabel(job.Spec.Template.ObjectMeta, meta, batchv1.JobNameLabel, job.Name)...)
		expected[batchv1.ControllerUidLabel] = string(job.UID)
		expected[batchv1.JobNameLabel] = job.Name
	}
	if selector, err := metav1.LabelSelectorAsSelector(job.Spec.Selector); err == nil && !selector.Matches(labels.Set(expected)) {
		allErrs = append(allErrs, field.Invalid(field.NewPath("spec", "selector"), job.Spec.Selector, "`selector` not auto-generated"))
	}
	return allErrs
}

func validateHasLabel(meta metav1.ObjectMeta, fldPath *field.Path, key, expected string) field.ErrorList {
	path := fldPath.Child("labels").Key(key)
	actual, found := meta.Labels[key]
	if !found {
		return field.ErrorList{field.Required(path, fmt.Sprintf("must be '%s'", expected))}
	}
	if actual != expected {
		return field.ErrorList{field.Invalid(path, meta.Labels, fmt.Sprintf("must be '%s'", expected))}
	}
	return nil
}

// validateJobSpecWithSelector checks the spec of a job, which unlike a CronJob's job template has
// a selector that must pick the template's labels.
func validateJobSpecWithSelector(spec *batchv1.JobSpec, fldPath *field.Path, opts JobOptions) field.ErrorList {
	allErrs := validateJobSpec(spec, fldPath)
	if spec.Selector == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("selector"), ""))
	} else {
		selectorOpts := metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: opts.AllowInvalidLabelValueInSelector}
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(spec.Selector, selectorOpts, fldPath.Child("selector"))...)
	}
	if selector, err := metav1.LabelSelectorAsSelector(spec.Selector); err == nil && !selector.Matches(labels.Set(spec.Template.Labels)) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("template", "metadata", "labels"), spec.Template.Labels, "`selector` does not match template `labels`"))
	}
	return allErrs
}

func nonNegative(v *int32, fldPath *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	return apimachineryvalidation.ValidateNonnegativeField(int64(*v), fldPath)
}

func validateJobSpec(spec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	allErrs = append(allErrs, nonNegative(spec.Parallelism, fldPath.Child("parallelism"))...)
	allErrs = append(allErrs, nonNegative(spec.Completions, fldPath.Child("completions"))...)
	if spec.ActiveDeadlineSeconds != nil {
		allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(*spec.ActiveDeadlineSeconds, fldPath.Child("activeDeadlineSeconds"))...)
	}
	allErrs = append(allErrs, nonNegative(spec.BackoffLimit, fldPath.Child("backoffLimit"))...)
	allErrs = append(allErrs, nonNegative(spec.TTLSecondsAfterFinished, fldPath.Child("ttlSecondsAfterFinished"))...)
	allErrs = append(allErrs, nonNegative(spec.BackoffLimitPerIndex, fldPath.Child("backoffLimitPerIndex"))...)
	if spec.MaxFailedIndexes != nil {
		allErrs = append(allErrs, nonNegative(spec.MaxFailedIndexes, fldPath.Child("maxFailedIndexes"))...)
		if spec.BackoffLimitPerIndex == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
		}
	}
	if spec.ManagedBy != nil {
		allErrs = append(allErrs, utilvalidation.IsDomainPrefixedPath(fldPath.Child("managedBy"), *spec.ManagedBy)...)
		if len(*spec.ManagedBy) > maxManagedByLength {
			allErrs = append(allErrs, field.TooLong(fldPath.Child("managedBy"), *spec.ManagedBy, maxManagedByLength))
		}
	}
	allErrs = append(allErrs, validateCompletionMode(spec, fldPath)...)
	if spec.PodFailurePolicy != nil {
		allErrs = append(allErrs, validatePodFailurePolicy(spec, fldPath.Child("podFailurePolicy"))...)
	}
	if spec.SuccessPolicy != nil {
		if ptr.Deref(spec.CompletionMode, batchv1.NonIndexedCompletion) != batchv1.IndexedCompletion {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("successPolicy"), corevalidation.InternalShape(*spec.SuccessPolicy), "requires indexed completion mode"))
		} else {
			allErrs = append(allErrs, validateSuccessPolicy(spec, fldPath.Child("successPolicy"))...)
		}
	}
	allErrs = append(allErrs, validatePodReplacementPolicy(spec, fldPath.Child("podReplacementPolicy"))...)
	allErrs = append(allErrs, corevalidation.ValidatePodTemplateSpec(&spec.Template, fldPath.Child("template"))...)

	restartPath := fldPath.Child("template", "spec", "restartPolicy")
	switch restart := spec.Template.Spec.RestartPolicy; {
	// Always is also what the pod defaults give a template that names no policy.
	case restart == corev1.RestartPolicyAlways || restart == "":
		allErrs = append(allErrs, field.Required(restartPath, fmt.Sprintf("valid values: %q, %q", corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever)))
	case restart != corev1.RestartPolicyOnFailure && restart != corev1.RestartPolicyNever:
		allErrs = append(allErrs, field.NotSupported(restartPath, restart, []corev1.RestartPolicy{corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever}))
	case spec.PodFailurePolicy != nil && restart != corev1.RestartPolicyNever:
		allErrs = append(allErrs, field.Invalid(restartPath, restart, fmt.Sprintf("only %q is supported when podFailurePolicy is specified", corev1.RestartPolicyNever)))
	}
	return allErrs
}

func validateCompletionMode(spec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	mode := ptr.Deref(spec.CompletionMode, batchv1.NonIndexedCompletion)
	if mode != batchv1.NonIndexedCompletion && mode != batchv1.IndexedCompletion {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("completionMode"), mode, []batchv1.CompletionMode{batchv1.NonIndexedCompletion, batchv1.IndexedCompletion}))
	}
	if mode == batchv1.IndexedCompletion {
		if spec.Completions == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("completions"), fmt.Sprintf("when completion mode is %s", batchv1.IndexedCompletion)))
		}
		if p := ptr.Deref(spec.Parallelism, 0); p > maxParallelismForIndexedJob {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("parallelism"), p, fmt.Sprintf("must be less than or equal to %d when completion mode is %s", maxParallelismForIndexedJob, batchv1.IndexedCompletion)))
		}
		if spec.Completions != nil && spec.MaxFailedIndexes != nil && *spec.MaxFailedIndexes > *spec.Completions {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("maxFailedIndexes"), *spec.MaxFailedIndexes, "must be less than or equal to completions"))
		}
		if spec.MaxFailedIndexes != nil && *spec.MaxFailedIndexes > maxFailedIndexesForIndexedJob {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("maxFailedIndexes"), *spec.MaxFailedIndexes, fmt.Sprintf("must be less than or equal to %d", maxFailedIndexesForIndexedJob)))
		}
		if ptr.Deref(spec.Completions, 0) > completionsSoftLimit && spec.BackoffLimitPerIndex != nil {
			const high = "must be less than or equal to %d when completions are above %d and used with backoff limit per index"
			if spec.MaxFailedIndexes == nil {
				allErrs = append(allErrs, field.Required(fldPath.Child("maxFailedIndexes"), fmt.Sprintf("must be specified when completions is above %d", completionsSoftLimit)))
			}
			if p := ptr.Deref(spec.Parallelism, 0); p > parallelismLimitForHighCompletions {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("parallelism"), p, fmt.Sprintf(high, parallelismLimitForHighCompletions, completionsSoftLimit)))
			}
			if m := ptr.Deref(spec.MaxFailedIndexes, 0); m > maxFailedIndexesLimitForHighCompletions {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("maxFailedIndexes"), m, fmt.Sprintf(high, maxFailedIndexesLimitForHighCompletions, completionsSoftLimit)))
			}
		}
	}
	if mode == batchv1.NonIndexedCompletion {
		if spec.BackoffLimitPerIndex != nil {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("backoffLimitPerIndex"), *spec.BackoffLimitPerIndex, "requires indexed completion mode"))
		}
		if spec.MaxFailedIndexes != nil {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("maxFailedIndexes"), *spec.MaxFailedIndexes, "requires indexed completion mode"))
		}
	}
	return allErrs
}

func validatePodReplacementPolicy(spec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	if spec.PodReplacementPolicy == nil {
		return nil
	}
	policy := *spec.PodReplacementPolicy
	if spec.PodFailurePolicy != nil {
		if policy != batchv1.Failed {
			return field.ErrorList{field.NotSupported(fldPath, policy, []batchv1.PodReplacementPolicy{batchv1.Failed})}
		}
		return nil
	}
	if !supportedPodReplacementPolicies.Has(policy) {
		return field.ErrorList{field.NotSupported(fldPath, policy, sets.List(supportedPodReplacementPolicies))}
	}
	return nil
}

func validatePodFailurePolicy(spec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	rulesPath := fldPath.Child("rules")
	if n := len(spec.PodFailurePolicy.Rules); n > maxPodFailurePolicyRules {
		allErrs = append(allErrs, field.TooMany(rulesPath, n, maxPodFailurePolicyRules))
	}
	containerNames := sets.New[string]()
	for _, c := range spec.Template.Spec.Containers {
		containerNames.Insert(c.Name)
	}
	for _, c := range spec.Template.Spec.InitContainers {
		containerNames.Insert(c.Name)
	}
	for i := range spec.PodFailurePolicy.Rules {
		allErrs = append(allErrs, validatePodFailurePolicyRule(spec, &spec.PodFailurePolicy.Rules[i], rulesPath.Index(i), containerNames)...)
	}
	return allErrs
}

func validatePodFailurePolicyRule(spec *batchv1.JobSpec, rule *batchv1.PodFailurePolicyRule, rulePath *field.Path, containerNames sets.Set[string]) field.ErrorList {
	var allErrs field.ErrorList
	actionPath := rulePath.Child("action")
	switch {
	case rule.Action == "":
		allErrs = append(allErrs, field.Required(actionPath, fmt.Sprintf("valid values: %q", sets.List(supportedPodFailurePolicyActions))))
	case rule.Action == batchv1.PodFailurePolicyActionFailIndex:
		if spec.BackoffLimitPerIndex == nil {
			allErrs = append(allErrs, field.Invalid(actionPath, rule.Action, "requires the backoffLimitPerIndex to be set"))
		}
	case !supportedPodFailurePolicyActions.Has(rule.Action):
		allErrs = append(allErrs, field.NotSupported(actionPath, rule.Action, sets.List(supportedPodFailurePolicyActions)))
	}
	if rule.OnExitCodes != nil {
		allErrs = append(allErrs, validateOnExitCodes(rule.OnExitCodes, rulePath.Child("onExitCodes"), containerNames)...)
	}
	if len(rule.OnPodConditions) > 0 {
		allErrs = append(allErrs, validateOnPodConditions(rule.OnPodConditions, rulePath.Child("onPodConditions"))...)
	}
	if rule.OnExitCodes != nil && len(rule.OnPodConditions) > 0 {
		allErrs = append(allErrs, field.Invalid(rulePath, field.OmitValueType{}, "specifying both OnExitCodes and OnPodConditions is not supported"))
	}
	if rule.OnExitCodes == nil && len(rule.OnPodConditions) == 0 {
		allErrs = append(allErrs, field.Invalid(rulePath, field.OmitValueType{}, "specifying one of OnExitCodes and OnPodConditions is required"))
	}
	return allErrs
}

func validateOnPodConditions(patterns []batchv1.PodFailurePolicyOnPodConditionsPattern, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(patterns) > maxPodFailurePolicyOnPodConditionsPatterns {
		allErrs = append(allErrs, field.TooMany(fldPath, len(patterns), maxPodFailurePolicyOnPodConditionsPatterns))
	}
	for i, p := range patterns {
		path := fldPath.Index(i)
		allErrs = append(allErrs, corevalidation.ValidateQualifiedName(string(p.Type), path.Child("type"))...)
		switch {
		case p.Status == "":
			allErrs = append(allErrs, field.Required(path.Child("status"), fmt.Sprintf("valid values: %q", sets.List(supportedOnPodConditionsStatus))))
		case !supportedOnPodConditionsStatus.Has(p.Status):
			allErrs = append(allErrs, field.NotSupported(path.Child("status"), p.Status, sets.List(supportedOnPodConditionsStatus)))
		}
	}
	return allErrs
}

func validateOnExitCodes(req *batchv1.PodFailurePolicyOnExitCodesRequirement, fldPath *field.Path, containerNames sets.Set[string]) field.ErrorList {
	var allErrs field.ErrorList
	operatorPath := fldPath.Child("operator")
	switch {
	case req.Operator == "":
		allErrs = append(allErrs, field.Required(operatorPath, fmt.Sprintf("valid values: %q", sets.List(supportedOnExitCodesOperators))))
	case !supportedOnExitCodesOperators.Has(req.Operator):
		allErrs = append(allErrs, field.NotSupported(operatorPath, req.Operator, sets.List(supportedOnExitCodesOperators)))
	}
	if req.ContainerName != nil && !containerNames.Has(*req.ContainerName) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("containerName"), *req.ContainerName, "must be one of the container or initContainer names in the pod template"))
	}
	valuesPath := fldPath.Child("values")
	if len(req.Values) == 0 {
		allErrs = append(allErrs, field.Invalid(valuesPath, req.Values, "at least one value is required"))
	} else if len(req.Values) > maxPodFailurePolicyOnExitCodesValues {
		allErrs = append(allErrs, field.TooMany(valuesPath, len(req.Values), maxPodFailurePolicyOnExitCodesValues))
	}
	ordered := true
	seen := sets.New[int32]()
	for i, v := range req.Values {
		if req.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && v == 0 {
			allErrs = append(allErrs, field.Invalid(valuesPath.Index(i), v, "must not be 0 for the In operator"))
		}
		if seen.Has(v) {
			allErrs = append(allErrs, field.Duplicate(valuesPath.Index(i), v))
		}
		seen.Insert(v)
		if i > 0 && req.Values[i-1] > v {
			ordered = false
		}
	}
	if !ordered {
		allErrs = append(allErrs, field.Invalid(valuesPath, req.Values, "must be ordered"))
	}
	return allErrs
}

func validateSuccessPolicy(spec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	rulesPath := fldPath.Child("rules")
	rules := spec.SuccessPolicy.Rules
	if len(rules) == 0 {
		allErrs = append(allErrs, field.Required(rulesPath, "at least one rules must be specified when the successPolicy is specified"))
	}
	if len(rules) > maxSuccessPolicyRule {
		allErrs = append(allErrs, field.TooMany(rulesPath, len(rules), maxSuccessPolicyRule))
	}
	completions := ptr.Deref(spec.Completions, 0)
	for i, rule := range rules {
		rulePath := rulesPath.Index(i)
		if rule.SucceededCount == nil && rule.SucceededIndexes == nil {
			allErrs = append(allErrs, field.Required(rulePath, "at least one of succeededCount or succeededIndexes must be specified"))
		}
		var total int32
		if rule.SucceededIndexes != nil {
			path := rulePath.Child("succeededIndexes")
			if len(*rule.SucceededIndexes) > maxJobSuccessPolicySucceededIndexesLimit {
				allErrs = append(allErrs, field.TooLong(path, *rule.SucceededIndexes, maxJobSuccessPolicySucceededIndexesLimit))
			}
			var err error
			if total, err = countIndexes(*rule.SucceededIndexes, completions); err != nil {
				allErrs = append(allErrs, field.Invalid(path, *rule.SucceededIndexes, fmt.Sprintf("error parsing succeededIndexes: %s", err)))
			}
		}
		if rule.SucceededCount != nil {
			path := rulePath.Child("succeededCount")
			count := *rule.SucceededCount
			allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(count), path)...)
			if count > completions {
				allErrs = append(allErrs, field.Invalid(path, count, fmt.Sprintf("must be less than or equal to %d (the number of specified completions)", completions)))
			}
			if rule.SucceededIndexes != nil && count > total {
				allErrs = append(allErrs, field.Invalid(path, count, fmt.Sprintf("must be less than or equal to %d (the number of indexes in the specified succeededIndexes field)", total)))
			}
		}
	}
	return allErrs
}

// countIndexes parses an increasing list of indexes and index ranges below completions, such as
// "1,3-5", and returns how many indexes it names.
func countIndexes(indexes string, completions int32) (int32, error) {
	if indexes == "" {
		return 0, nil
	}
	var last *int32
	var total int32
	for _, interval := range strings.Split(indexes, ",") {
		x, y, err := parseIndexInterval(interval, completions)
		if err != nil {
			return 0, err
		}
		if last != nil && *last >= x {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", *last, x)
		}
		total += y - x + 1
		last = &y
	}
	return total, nil
}

func parseIndexInterval(interval string, completions int32) (int32, int32, error) {
	limits := strings.Split(interval, "-")
	if len(limits) > 2 {
		return 0, 0, fmt.Errorf("the fragment %q violates the requirement that an index interval can have at most two parts separated by '-'", interval)
	}
	bound := func(s string) (int32, error) {
		v, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("cannot convert string to integer for index: %q", s)
		}
		if v >= int(completions) {
			return 0, fmt.Errorf("too large index: %q", s)
		}
		return int32(v), nil
	}
	x, err := bound(limits[0])
	if err != nil {
		return 0, 0, err
	}
	if len(limits) == 1 {
		return x, x, nil
	}
	y, err := bound(limits[1])
	if err != nil {
		return 0, 0, err
	}
	if x >= y {
		return 0, 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", x, y)
	}
	return x, y, nil
}

// ValidateJobUpdate checks what an update changes in a job: the selector, completion mode and
// policies are fixed, completions move only with parallelism in an Indexed job, and the template
// is fixed except for what opts allows.
func ValidateJobUpdate(job, oldJob *batchv1.Job, opts JobOptions) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&job.ObjectMeta, &oldJob.ObjectMeta, field.NewPath("metadata"))
	spec, oldSpec, fldPath := &job.Spec, &oldJob.Spec, field.NewPath("spec")
	allErrs = append(allErrs, validateJobSpecWithSelector(spec, fldPath, opts)...)
	allErrs = append(allErrs, validateCompletionsUpdate(spec, oldSpec, fldPath.Child("completions"))...)
	allErrs = append(allErrs, immutable(spec.Selector, oldSpec.Selector, fldPath.Child("selector"))...)
	allErrs = append(allErrs, validatePodTemplateUpdate(spec, oldSpec, fldPath, opts)...)
	allErrs = append(allErrs, immutable(spec.CompletionMode, oldSpec.CompletionMode, fldPath.Child("completionMode"))...)
	allErrs = append(allErrs, immutable(spec.PodFailurePolicy, oldSpec.PodFailurePolicy, fldPath.Child("podFailurePolicy"))...)
	allErrs = append(allErrs, immutable(spec.BackoffLimitPerIndex, oldSpec.BackoffLimitPerIndex, fldPath.Child("backoffLimitPerIndex"))...)
	allErrs = append(allErrs, immutable(spec.ManagedBy, oldSpec.ManagedBy, fldPath.Child("managedBy"))...)
	allErrs = append(allErrs, immutable(spec.SuccessPolicy, oldSpec.SuccessPolicy, fldPath.Child("successPolicy"))...)
	return allErrs
}

// immutable reports a changed field, showing the new value as upstream's internal type prints.
func immutable(newVal, oldVal interface{}, fldPath *field.Path) field.ErrorList {
	if apiequality.Semantic.DeepEqual(newVal, oldVal) {
		return nil
	}
	return field.ErrorList{field.Invalid(fldPath, corevalidation.InternalShape(newVal), apimachineryvalidation.FieldImmutableErrorMsg)}
}

func validateCompletionsUpdate(spec, oldSpec *batchv1.JobSpec, fldPath *field.Path) field.ErrorList {
	if ptr.Deref(spec.CompletionMode, "") != batchv1.IndexedCompletion {
		return immutable(spec.Completions, oldSpec.Completions, fldPath)
	}
	// An Indexed job scales by changing completions and parallelism together; a nil completions
	// is already reported by the spec check.
	if ptr.Equal(spec.Completions, oldSpec.Completions) || spec.Completions == nil {
		return nil
	}
	if *spec.Completions != ptr.Deref(spec.Parallelism, 0) {
		return field.ErrorList{field.Invalid(fldPath, *spec.Completions, fmt.Sprintf("can only be modified in tandem with %s", fldPath.Root().Child("parallelism")))}
	}
	return nil
}

func validatePodTemplateUpdate(spec, oldSpec *batchv1.JobSpec, fldPath *field.Path, opts JobOptions) field.ErrorList {
	template, oldTemplate := &spec.Template, &oldSpec.Template
	if opts.AllowMutableSchedulingDirectives {
		// Compare against the old template with the mutable directives taken from the new one.
		oldTemplate = oldTemplate.DeepCopy()
		switch {
		case template.Spec.Affinity == nil && oldTemplate.Spec.Affinity != nil:
			// Clearing affinity is allowed when node affinity was all it held.
			oldTemplate.Spec.Affinity.NodeAffinity = nil
			if *oldTemplate.Spec.Affinity == (corev1.Affinity{}) {
				oldTemplate.Spec.Affinity = nil
			}
		case template.Spec.Affinity != nil && oldTemplate.Spec.Affinity == nil:
			oldTemplate.Spec.Affinity = &corev1.Affinity{NodeAffinity: template.Spec.Affinity.NodeAffinity}
		case template.Spec.Affinity != nil && oldTemplate.Spec.Affinity != nil:
			oldTemplate.Spec.Affinity.NodeAffinity = template.Spec.Affinity.NodeAffinity
		}
		oldTemplate.Spec.NodeSelector = template.Spec.NodeSelector
		oldTemplate.Spec.Tolerations = template.Spec.Tolerations
		oldTemplate.Annotations = template.Annotations
		oldTemplate.Labels = template.Labels
		oldTemplate.Spec.SchedulingGates = template.Spec.SchedulingGates
	}
	return immutable(template, oldTemplate, fldPath.Child("template"))
}
