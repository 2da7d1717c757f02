package core

import (
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	resourcehelper "k8s.io/component-helpers/resource"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/apis/core/qos"
	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var podsResource = corev1.SchemeGroupVersion.WithResource("pods")

// podCount is the object count of pods, which counts terminal pods too, unlike "pods".
var podCount = generic.ObjectCountQuotaResourceNameFor(podsResource.GroupResource())

// podResources are the fixed names a pod's usage is measured in.
var podResources = []corev1.ResourceName{
	podCount,
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
}

// podResourcePrefixes name the hugepages a pod's usage is also measured in.
var podResourcePrefixes = []string{corev1.ResourceHugePagesPrefix, corev1.ResourceRequestsHugePagesPrefix}

// explicitResources are those that a quota which tracks them obliges every container to request or
// limit; kube-apiserver keeps this for compatibility and never extended it past cpu and memory.
var explicitResources = sets.New(
	corev1.ResourceCPU, corev1.ResourceMemory,
	corev1.ResourceRequestsCPU, corev1.ResourceRequestsMemory,
	corev1.ResourceLimitsCPU, corev1.ResourceLimitsMemory,
)

// podEvaluator measures pods.
type podEvaluator struct {
	list  generic.ListFuncByNamespace
	clock clock.Clock
}

// NewPodEvaluator returns the evaluator of pods, which lists them through f and tells from clock
// whether a deleted pod's grace period is over.
func NewPodEvaluator(f quota.ListerForResourceFunc, clock clock.Clock) quota.Evaluator {
	return &podEvaluator{list: generic.ListResourceUsingListerFunc(f, podsResource), clock: clock}
}

// Constraints refuses a pod one of whose containers neither requests nor limits a cpu or memory
// resource that required names.
func (e *podEvaluator) Constraints(required []corev1.ResourceName, item runtime.Object) error {
	p, err := toPod(item)
	if err != nil {
		return err
	}
	needed := sets.New(required...).Intersection(explicitResources)
	missing := map[corev1.ResourceName]sets.Set[string]{}
	for _, c := range slices.Concat(p.Spec.Containers, p.Spec.InitContainers) {
		has := sets.KeySet(computeUsage(c.Resources.Requests, c.Resources.Limits))
		for _, name := range needed.Difference(has).UnsortedList() {
			if missing[name] == nil {
				missing[name] = sets.New[string]()
			}
			missing[name].Insert(c.Name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var messages []string
	for _, name := range sets.List(sets.KeySet(missing)) {
		messages = append(messages, fmt.Sprintf("%s for: %s", name, strings.Join(sets.List(missing[name]), ",")))
	}
	return fmt.Errorf("must specify %s", strings.Join(messages, "; "))
}

func (e *podEvaluator) GroupResource() schema.GroupResource { return podsResource.GroupResource() }

// Handles tells that quota is charged when a pod is created and when it is resized.
func (e *podEvaluator) Handles(a admission.Attributes) bool {
	switch a.GetSubresource() {
	case "":
		return a.GetOperation() == admission.Create
	case "resize":
		return a.GetOperation() == admission.Update
	}
	return false
}

func (e *podEvaluator) Matches(q *corev1.ResourceQuota, item runtime.Object) (bool, error) {
	return generic.Matches(q, item, e.MatchingResources, podMatchesScope)
}

// MatchingResources returns the names of input a pod's usage is measured in.
func (e *podEvaluator) MatchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	result := quota.Intersection(input, podResources)
	for _, name := range input {
		if quota.ContainsPrefix(podResourcePrefixes, name) || isQuotaExtendedResource(name) {
			result = append(result, name)
		}
	}
	return result
}

func (e *podEvaluator) MatchingScopes(item runtime.Object, selectors []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return matchingScopes(item, selectors, podMatchesScope)
}

func (e *podEvaluator) UncoveredQuotaScopes(limited, matched []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return uncoveredScopes(limited, matched), nil
}

func (e *podEvaluator) Usage(item runtime.Object) (corev1.ResourceList, error) {
	return PodUsage(item, e.clock)
}

func (e *podEvaluator) UsageStats(options quota.UsageStatsOptions) (quota.UsageStats, error) {
	return generic.CalculateUsageStats(options, e.list, podMatchesScope, e.Usage)
}

// PodUsage measures a pod. Every pod counts in count/pods; only a pod that still runs, or may
// (neither terminal nor past its deletion grace period), uses compute resources and "pods".
func PodUsage(item runtime.Object, clock clock.Clock) (corev1.ResourceList, error) {
	p, err := toPod(item)
	if err != nil {
		return nil, err
	}
	usage := corev1.ResourceList{podCount: count(1)}
	if !PodCharged(p, clock) {
		return usage, nil
	}
	// In-place resizing is on in v1.37, so a resized pod is charged what it was allocated.
	opts := resourcehelper.PodResourcesOptions{UseStatusResources: true}
	return quota.Add(usage, computeUsage(resourcehelper.PodRequests(p, opts), resourcehelper.PodLimits(p, opts))), nil
}

// PodCharged tells whether a pod uses compute quota: it is not terminal, and it is not stuck past
// the grace period of its deletion, as on a lost node, which would keep its owner from replacing it.
func PodCharged(p *corev1.Pod, clock clock.Clock) bool {
	if p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
		return false
	}
	if p.DeletionTimestamp != nil && p.DeletionGracePeriodSeconds != nil {
		grace := time.Duration(*p.DeletionGracePeriodSeconds) * time.Second
		if clock.Now().After(p.DeletionTimestamp.Add(grace)) {
			return false
		}
	}
	return true
}

// computeUsage turns requests and limits into the quota names they are charged under.
func computeUsage(requests, limits corev1.ResourceList) corev1.ResourceList {
	usage := corev1.ResourceList{corev1.ResourcePods: count(1)}
	for _, r := range []struct{ name, requests, limits corev1.ResourceName }{
		{corev1.ResourceCPU, corev1.ResourceRequestsCPU, corev1.ResourceLimitsCPU},
		{corev1.ResourceMemory, corev1.ResourceRequestsMemory, corev1.ResourceLimitsMemory},
		{corev1.ResourceEphemeralStorage, corev1.ResourceRequestsEphemeralStorage, corev1.ResourceLimitsEphemeralStorage},
	} {
		if q, ok := requests[r.name]; ok {
			usage[r.name] = q
			usage[r.requests] = q
		}
		if q, ok := limits[r.name]; ok {
			usage[r.limits] = q
		}
	}
	for name, q := range requests {
		if strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix) {
			usage[name] = q
		}
		// Extended resources cannot be overcommitted, so only their requests are charged.
		if strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix) || validation.IsExtendedResourceName(name) {
			usage[corev1.DefaultResourceRequestsPrefix+name] = q
		}
	}
	return usage
}

// isQuotaExtendedResource tells whether a quota's resource name limits an extended resource, which
// only requests.<name> can.
func isQuotaExtendedResource(name corev1.ResourceName) bool {
	return !validation.IsNativeResource(name) && strings.HasPrefix(string(name), corev1.DefaultResourceRequestsPrefix)
}

// podMatchesScope tells whether a pod is in a quota's scope.
func podMatchesScope(selector corev1.ScopedResourceSelectorRequirement, item runtime.Object) (bool, error) {
	p, err := toPod(item)
	if err != nil {
		return false, err
	}
	switch selector.ScopeName {
	case corev1.ResourceQuotaScopeTerminating:
		return isTerminating(p), nil
	case corev1.ResourceQuotaScopeNotTerminating:
		return !isTerminating(p), nil
	case corev1.ResourceQuotaScopeBestEffort:
		return qos.PodQOS(p) == corev1.PodQOSBestEffort, nil
	case corev1.ResourceQuotaScopeNotBestEffort:
		return qos.PodQOS(p) != corev1.PodQOSBestEffort, nil
	case corev1.ResourceQuotaScopePriorityClass:
		if p.Spec.PriorityClassName == "" {
			return selectorMatchesAny(selector)
		}
		return selectorMatchesAny(selector, p.Spec.PriorityClassName)
	case corev1.ResourceQuotaScopeCrossNamespacePodAffinity:
		return usesCrossNamespaceAffinity(p), nil
	}
	return false, nil
}

// isTerminating tells whether a pod has a deadline, the Terminating scope.
func isTerminating(p *corev1.Pod) bool {
	return p.Spec.ActiveDeadlineSeconds != nil && *p.Spec.ActiveDeadlineSeconds >= 0
}

// usesCrossNamespaceAffinity tells whether one of a pod's affinity or anti-affinity terms selects
// pods of other namespaces.
func usesCrossNamespaceAffinity(p *corev1.Pod) bool {
	if p.Spec.Affinity == nil {
		return false
	}
	var terms []corev1.PodAffinityTerm
	var weighted []corev1.WeightedPodAffinityTerm
	if a := p.Spec.Affinity.PodAffinity; a != nil {
		terms = append(terms, a.RequiredDuringSchedulingIgnoredDuringExecution...)
		weighted = append(weighted, a.PreferredDuringSchedulingIgnoredDuringExecution...)
	}
	if a := p.Spec.Affinity.PodAntiAffinity; a != nil {
		terms = append(terms, a.RequiredDuringSchedulingIgnoredDuringExecution...)
		weighted = append(weighted, a.PreferredDuringSchedulingIgnoredDuringExecution...)
	}
	for _, w := range weighted {
		terms = append(terms, w.PodAffinityTerm)
	}
	return slices.ContainsFunc(terms, func(t corev1.PodAffinityTerm) bool {
		return len(t.Namespaces) > 0 || t.NamespaceSelector != nil
	})
}

func toPod(item runtime.Object) (*corev1.Pod, error) {
	p, ok := item.(*corev1.Pod)
	if !ok {
		return nil, fmt.Errorf("expect *v1.Pod, got %T", item)
	}
	return p, nil
}
