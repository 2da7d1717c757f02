package serviceaccount

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
	"github.com/kapi-dev/kapi/pkg/apis/core/podrefs"
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
	if podrefs.ReferencesSecrets(pod) {
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
