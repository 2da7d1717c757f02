package serviceaccount

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// isMirrorPod tells whether pod is a kubelet's API copy of a static pod, which runs without the
// API's credentials.
func isMirrorPod(pod *corev1.Pod) bool {
	_, ok := pod.Annotations[corev1.MirrorPodAnnotationKey]
	return ok
}

// validateMirrorPod refuses mirror pods that name a service account, reference a secret or
// project a service account token: the kubelet could not honour them for a static pod.
func validateMirrorPod(a admission.Attributes, pod *corev1.Pod) error {
	if pod.Spec.ServiceAccountName != "" {
		return podadmission.Forbidden(a, "a mirror pod may not reference service accounts")
	}
	if referencesSecrets(pod) {
		return podadmission.Forbidden(a, "a mirror pod may not reference secrets")
	}
	for _, v := range pod.Spec.Volumes {
		if v.Projected == nil {
			continue
		}
		for _, s := range v.Projected.Sources {
			if s.ServiceAccountToken != nil {
				return podadmission.Forbidden(a, "a mirror pod may not use ServiceAccountToken volume projections")
			}
		}
	}
	return nil
}

// referencesSecrets tells whether any part of pod names a secret: pull secrets, environment of any
// container, or a volume source with a secret reference.
func referencesSecrets(pod *corev1.Pod) bool {
	if len(pod.Spec.ImagePullSecrets) > 0 {
		return true
	}
	for _, c := range pod.Spec.InitContainers {
		if envReferencesSecrets(c.Env, c.EnvFrom) {
			return true
		}
	}
	for _, c := range pod.Spec.Containers {
		if envReferencesSecrets(c.Env, c.EnvFrom) {
			return true
		}
	}
	for _, c := range pod.Spec.EphemeralContainers {
		if envReferencesSecrets(c.Env, c.EnvFrom) {
			return true
		}
	}
	for _, v := range pod.Spec.Volumes {
		if volumeReferencesSecrets(v.VolumeSource) {
			return true
		}
	}
	return false
}

func envReferencesSecrets(env []corev1.EnvVar, envFrom []corev1.EnvFromSource) bool {
	for _, e := range env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			return true
		}
	}
	for _, e := range envFrom {
		if e.SecretRef != nil {
			return true
		}
	}
	return false
}

func volumeReferencesSecrets(v corev1.VolumeSource) bool {
	switch {
	case v.Secret != nil,
		v.AzureFile != nil,
		v.CephFS != nil && v.CephFS.SecretRef != nil,
		v.Cinder != nil && v.Cinder.SecretRef != nil,
		v.FlexVolume != nil && v.FlexVolume.SecretRef != nil,
		v.RBD != nil && v.RBD.SecretRef != nil,
		v.ISCSI != nil && v.ISCSI.SecretRef != nil,
		v.ScaleIO != nil && v.ScaleIO.SecretRef != nil,
		v.StorageOS != nil && v.StorageOS.SecretRef != nil,
		v.CSI != nil && v.CSI.NodePublishSecretRef != nil:
		return true
	}
	if v.Projected != nil {
		for _, s := range v.Projected.Sources {
			if s.Secret != nil {
				return true
			}
		}
	}
	return false
}
