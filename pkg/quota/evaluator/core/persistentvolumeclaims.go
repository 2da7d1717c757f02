package core

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	"k8s.io/component-helpers/storage/volume"
	"k8s.io/utils/ptr"
)

var claimsResource = corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims")

var claimCount = generic.ObjectCountQuotaResourceNameFor(claimsResource.GroupResource())

// claimResources are the names a claim's usage is measured in, also per storage class as
// <class>.storageclass.storage.k8s.io/<name>.
var claimResources = []corev1.ResourceName{corev1.ResourcePersistentVolumeClaims, corev1.ResourceRequestsStorage}

// storageClassInfix joins a storage class and a claim resource into a quota resource name.
const storageClassInfix = ".storageclass.storage.k8s.io/"

// ByStorageClass returns the quota resource name of a claim resource in one storage class.
func ByStorageClass(class string, name corev1.ResourceName) corev1.ResourceName {
	return corev1.ResourceName(class + storageClassInfix + string(name))
}

// claimEvaluator measures persistent volume claims.
type claimEvaluator struct {
	list generic.ListFuncByNamespace
}

// NewPersistentVolumeClaimEvaluator returns the evaluator of persistent volume claims, which lists
// them through f.
func NewPersistentVolumeClaimEvaluator(f quota.ListerForResourceFunc) quota.Evaluator {
	return &claimEvaluator{list: generic.ListResourceUsingListerFunc(f, claimsResource)}
}

func (e *claimEvaluator) Constraints([]corev1.ResourceName, runtime.Object) error { return nil }

func (e *claimEvaluator) GroupResource() schema.GroupResource { return claimsResource.GroupResource() }

// Handles tells that updates are charged too, since a claim may be expanded.
func (e *claimEvaluator) Handles(a admission.Attributes) bool {
	return a.GetOperation() == admission.Create || a.GetOperation() == admission.Update
}

func (e *claimEvaluator) Matches(q *corev1.ResourceQuota, item runtime.Object) (bool, error) {
	return generic.Matches(q, item, e.MatchingResources, claimMatchesScope)
}

func (e *claimEvaluator) MatchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	var result []corev1.ResourceName
	for _, name := range input {
		if name == claimCount || quota.Contains(claimResources, name) {
			result = append(result, name)
			continue
		}
		for _, r := range claimResources {
			if strings.HasSuffix(string(name), storageClassInfix+string(r)) {
				result = append(result, name)
				break
			}
		}
	}
	return result
}

func (e *claimEvaluator) MatchingScopes(item runtime.Object, selectors []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return matchingScopes(item, selectors, claimMatchesScope)
}

func (e *claimEvaluator) UncoveredQuotaScopes(limited, matched []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return uncoveredScopes(limited, matched), nil
}

// Usage counts the claim and the storage it requests, overall and in its storage class.
func (e *claimEvaluator) Usage(item runtime.Object) (corev1.ResourceList, error) {
	pvc, err := toClaim(item)
	if err != nil {
		return nil, err
	}
	usage := corev1.ResourceList{
		corev1.ResourcePersistentVolumeClaims: count(1),
		claimCount:                            count(1),
	}
	class := volume.GetPersistentVolumeClaimClass(pvc)
	if class != "" {
		usage[ByStorageClass(class, corev1.ResourcePersistentVolumeClaims)] = count(1)
	}
	if storage, ok := claimStorage(pvc); ok {
		usage[corev1.ResourceRequestsStorage] = storage
		if class != "" {
			usage[ByStorageClass(class, corev1.ResourceRequestsStorage)] = storage
		}
	}
	return usage, nil
}

// claimStorage returns what a claim requests, or what was allocated to it when that is more (a
// failed expansion that was scaled back still holds the larger volume), in whole bytes.
func claimStorage(pvc *corev1.PersistentVolumeClaim) (resource.Quantity, bool) {
	requested, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	if !ok {
		return resource.Quantity{}, false
	}
	if allocated, ok := pvc.Status.AllocatedResources[corev1.ResourceStorage]; ok && allocated.Cmp(requested) > 0 {
		requested = allocated
	}
	requested = requested.DeepCopy()
	requested.RoundUp(0)
	return requested, true
}

// ClaimNeedsReplenishment tells whether a claim's update changed what it is charged: what was
// allocated to it.
func ClaimNeedsReplenishment(old, pvc *corev1.PersistentVolumeClaim) bool {
	return !old.Status.AllocatedResources.Storage().Equal(*pvc.Status.AllocatedResources.Storage())
}

func (e *claimEvaluator) UsageStats(options quota.UsageStatsOptions) (quota.UsageStats, error) {
	return generic.CalculateUsageStats(options, e.list, claimMatchesScope, e.Usage)
}

// claimMatchesScope tells whether a claim is in a quota's scope: the VolumeAttributesClass scope
// looks at every class the claim asks for, has or is being moved to.
func claimMatchesScope(selector corev1.ScopedResourceSelectorRequirement, item runtime.Object) (bool, error) {
	pvc, err := toClaim(item)
	if err != nil {
		return false, err
	}
	if selector.ScopeName != corev1.ResourceQuotaScopeVolumeAttributesClass {
		return false, nil
	}
	classes := sets.New[string]()
	classes.Insert(ptr.Deref(pvc.Spec.VolumeAttributesClassName, ""), ptr.Deref(pvc.Status.CurrentVolumeAttributesClassName, ""))
	if s := pvc.Status.ModifyVolumeStatus; s != nil {
		classes.Insert(s.TargetVolumeAttributesClassName)
	}
	classes.Delete("")
	return selectorMatchesAny(selector, sets.List(classes)...)
}

func toClaim(item runtime.Object) (*corev1.PersistentVolumeClaim, error) {
	pvc, ok := item.(*corev1.PersistentVolumeClaim)
	if !ok {
		return nil, fmt.Errorf("expect *v1.PersistentVolumeClaim, got %T", item)
	}
	return pvc, nil
}
