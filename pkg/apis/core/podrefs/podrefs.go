// Package podrefs lists the API objects a pod or a persistent volume names, which is what a kubelet
// needs to read to run the pod: the Node authorizer grants a node exactly these, and NodeRestriction
// keeps a node's mirror pods from naming any.
package podrefs

import (
	"errors"

	corev1 "k8s.io/api/core/v1"
)

// Visitor is called with each name found; returning false stops the walk.
type Visitor func(name string) bool

// SecretNames calls visit with the name of every secret pod references: image pull secrets, the
// environment of every container (init and ephemeral ones included) and every volume source with a
// secret, as upstream's kubelet reads them. Names may repeat.
func SecretNames(pod *corev1.Pod, visit Visitor) bool {
	for _, s := range pod.Spec.ImagePullSecrets {
		if !visit(s.Name) {
			return false
		}
	}
	if !visitContainers(pod, func(c *corev1.Container) bool {
		for _, f := range c.EnvFrom {
			if f.SecretRef != nil && !visit(f.SecretRef.Name) {
				return false
			}
		}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && !visit(e.ValueFrom.SecretKeyRef.Name) {
				return false
			}
		}
		return true
	}) {
		return false
	}
	for i := range pod.Spec.Volumes {
		for _, name := range volumeSecretNames(&pod.Spec.Volumes[i].VolumeSource) {
			if !visit(name) {
				return false
			}
		}
	}
	return true
}

// ConfigMapNames calls visit with the name of every config map pod references, from container
// environments and configMap or projected volumes. Names may repeat.
func ConfigMapNames(pod *corev1.Pod, visit Visitor) bool {
	if !visitContainers(pod, func(c *corev1.Container) bool {
		for _, f := range c.EnvFrom {
			if f.ConfigMapRef != nil && !visit(f.ConfigMapRef.Name) {
				return false
			}
		}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil && !visit(e.ValueFrom.ConfigMapKeyRef.Name) {
				return false
			}
		}
		return true
	}) {
		return false
	}
	for _, v := range pod.Spec.Volumes {
		if v.ConfigMap != nil && !visit(v.ConfigMap.Name) {
			return false
		}
		if v.Projected == nil {
			continue
		}
		for _, s := range v.Projected.Sources {
			if s.ConfigMap != nil && !visit(s.ConfigMap.Name) {
				return false
			}
		}
	}
	return true
}

// ReferencesSecrets tells whether pod names any secret.
func ReferencesSecrets(pod *corev1.Pod) bool {
	return !SecretNames(pod, func(string) bool { return false })
}

// ReferencesConfigMaps tells whether pod names any config map.
func ReferencesConfigMaps(pod *corev1.Pod) bool {
	return !ConfigMapNames(pod, func(string) bool { return false })
}

// ErrClaimNotCreated is ResourceClaimName's answer for a claim from a template that the resource
// claim controller has not created yet.
var ErrClaimNotCreated = errors.New("resource claim not created yet")

// ResourceClaimName returns the name of the ResourceClaim that claim of pod stands for: the one it
// names, or the one generated from its template as recorded in status.resourceClaimStatuses. A nil
// name with no error means no claim was needed and none will be created.
func ResourceClaimName(pod *corev1.Pod, claim *corev1.PodResourceClaim) (*string, error) {
	if claim.ResourceClaimName != nil {
		return claim.ResourceClaimName, nil
	}
	if claim.ResourceClaimTemplateName == nil {
		return nil, errors.New("pod resource claim names neither a claim nor a template")
	}
	for _, s := range pod.Status.ResourceClaimStatuses {
		if s.Name == claim.Name {
			return s.ResourceClaimName, nil
		}
	}
	return nil, ErrClaimNotCreated
}

func visitContainers(pod *corev1.Pod, visit func(*corev1.Container) bool) bool {
	for i := range pod.Spec.InitContainers {
		if !visit(&pod.Spec.InitContainers[i]) {
			return false
		}
	}
	for i := range pod.Spec.Containers {
		if !visit(&pod.Spec.Containers[i]) {
			return false
		}
	}
	for i := range pod.Spec.EphemeralContainers {
		if !visit((*corev1.Container)(&pod.Spec.EphemeralContainers[i].EphemeralContainerCommon)) {
			return false
		}
	}
	return true
}

// volumeSecretNames returns the secrets a pod volume source names.
func volumeSecretNames(v *corev1.VolumeSource) []string {
	var names []string
	add := func(r *corev1.LocalObjectReference) {
		if r != nil {
			names = append(names, r.Name)
		}
	}
	switch {
	case v.Secret != nil:
		names = append(names, v.Secret.SecretName)
	case v.AzureFile != nil:
		names = append(names, v.AzureFile.SecretName)
	case v.CephFS != nil:
		add(v.CephFS.SecretRef)
	case v.Cinder != nil:
		add(v.Cinder.SecretRef)
	case v.FlexVolume != nil:
		add(v.FlexVolume.SecretRef)
	case v.RBD != nil:
		add(v.RBD.SecretRef)
	case v.ScaleIO != nil:
		add(v.ScaleIO.SecretRef)
	case v.ISCSI != nil:
		add(v.ISCSI.SecretRef)
	case v.StorageOS != nil:
		add(v.StorageOS.SecretRef)
	case v.CSI != nil:
		add(v.CSI.NodePublishSecretRef)
	case v.Projected != nil:
		for _, s := range v.Projected.Sources {
			if s.Secret != nil {
				names = append(names, s.Secret.Name)
			}
		}
	}
	return names
}
