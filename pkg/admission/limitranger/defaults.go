package limitranger

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// annotation tells, on a pod, which requests and limits LimitRanger filled in.
const annotation = "kubernetes.io/limit-ranger"

// applyDefaults gives each container and init container the Container defaults of lr it does not
// set itself, and records what it set in the annotation, as kube-apiserver words it.
func applyDefaults(lr *corev1.LimitRange, pod *corev1.Pod) {
	defaults := containerDefaults(lr)
	var set []string
	for i := range pod.Spec.Containers {
		set = fill(&pod.Spec.Containers[i], defaults, "container", set)
	}
	for i := range pod.Spec.InitContainers {
		set = fill(&pod.Spec.InitContainers[i], defaults, "init container", set)
	}
	if len(set) == 0 {
		return
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[annotation] = "LimitRanger plugin set: " + strings.Join(set, "; ")
}

func containerDefaults(lr *corev1.LimitRange) corev1.ResourceRequirements {
	defaults := corev1.ResourceRequirements{Requests: corev1.ResourceList{}, Limits: corev1.ResourceList{}}
	for _, item := range lr.Spec.Limits {
		if item.Type != corev1.LimitTypeContainer {
			continue
		}
		for name, q := range item.DefaultRequest {
			defaults.Requests[name] = q.DeepCopy()
		}
		for name, q := range item.Default {
			defaults.Limits[name] = q.DeepCopy()
		}
	}
	return defaults
}

// fill sets the defaults c lacks and appends to set what it did.
func fill(c *corev1.Container, defaults corev1.ResourceRequirements, kind string, set []string) []string {
	if c.Resources.Requests == nil {
		c.Resources.Requests = corev1.ResourceList{}
	}
	if c.Resources.Limits == nil {
		c.Resources.Limits = corev1.ResourceList{}
	}
	if names := fillList(c.Resources.Requests, defaults.Requests); len(names) > 0 {
		set = append(set, fmt.Sprintf("%s request for %s %s", strings.Join(names, ", "), kind, c.Name))
	}
	if names := fillList(c.Resources.Limits, defaults.Limits); len(names) > 0 {
		set = append(set, fmt.Sprintf("%s limit for %s %s", strings.Join(names, ", "), kind, c.Name))
	}
	return set
}

// fillList copies into list the entries of defaults it lacks and returns their sorted names.
func fillList(list, defaults corev1.ResourceList) []string {
	var names []string
	for name, q := range defaults {
		if _, ok := list[name]; !ok {
			list[name] = q.DeepCopy()
			names = append(names, string(name))
		}
	}
	sort.Strings(names)
	return names
}
