// Package qos computes the QoS class kube-apiserver records in a pod's status.qosClass, which
// creation sets and a resize must not change.
package qos

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	resourcehelper "k8s.io/component-helpers/resource"
)

// qosResources are the only resources that decide a pod's QoS class.
var qosResources = sets.New(corev1.ResourceCPU, corev1.ResourceMemory)

// ComputePodQOS returns the QoS class of a pod. A pod that sets cpu or memory (or hugepages) at
// pod level is classed by those pod-level resources alone; otherwise by the sum over its containers
// and init containers (ephemeral containers have no resources). It is BestEffort when nothing
// requests or limits cpu or memory, Guaranteed when every container (or the pod level) limits both
// and requests equal limits, and Burstable otherwise.
func ComputePodQOS(pod *corev1.Pod) corev1.PodQOSClass {
	requests := corev1.ResourceList{}
	limits := corev1.ResourceList{}
	guaranteed := true
	if resourcehelper.IsPodLevelResourcesSet(pod) {
		addQOSQuantities(requests, pod.Spec.Resources.Requests)
		if len(pod.Spec.Resources.Limits) > 0 && !addQOSQuantities(limits, pod.Spec.Resources.Limits).Equal(qosResources) {
			guaranteed = false
		}
	} else {
		for _, c := range slices.Concat(pod.Spec.Containers, pod.Spec.InitContainers) {
			addQOSQuantities(requests, c.Resources.Requests)
			if !addQOSQuantities(limits, c.Resources.Limits).Equal(qosResources) {
				guaranteed = false
			}
		}
	}
	if len(requests) == 0 && len(limits) == 0 {
		return corev1.PodQOSBestEffort
	}
	for name, req := range requests {
		if lim, ok := limits[name]; !ok || lim.Cmp(req) != 0 {
			guaranteed = false
			break
		}
	}
	if guaranteed && len(requests) == len(limits) {
		return corev1.PodQOSGuaranteed
	}
	return corev1.PodQOSBurstable
}

// addQOSQuantities adds the positive cpu and memory quantities of list to sum and returns the
// names it added.
func addQOSQuantities(sum, list corev1.ResourceList) sets.Set[corev1.ResourceName] {
	added := sets.New[corev1.ResourceName]()
	for name, quantity := range list {
		if !qosResources.Has(name) || quantity.Sign() <= 0 {
			continue
		}
		added.Insert(name)
		total := quantity.DeepCopy()
		if prev, ok := sum[name]; ok {
			total.Add(prev)
		}
		sum[name] = total
	}
	return added
}

// PodQOS returns the QoS class a pod's status records, which kapi sets on creation, or computes it
// for a pod that has none yet, such as one still being admitted.
func PodQOS(pod *corev1.Pod) corev1.PodQOSClass {
	if pod.Status.QOSClass != "" {
		return pod.Status.QOSClass
	}
	return ComputePodQOS(pod)
}
