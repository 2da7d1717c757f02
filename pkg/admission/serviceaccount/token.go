package serviceaccount

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

const (
	// volumePrefix starts the name of the projected volume that carries the API credentials.
	volumePrefix = "kube-api-access-"
	// MountPath is where every container finds the API credentials.
	MountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
	// tokenExpirationSeconds is kube-apiserver's: just over an hour, which tells the token
	// issuer that the kubelet refreshes the token and that it may extend it for legacy clients.
	tokenExpirationSeconds = 3607
	// rootCAConfigMap is the ConfigMap the root-ca-cert-publisher keeps in every namespace.
	rootCAConfigMap = "kube-root-ca.crt"
)

// mountToken mounts the API credentials volume in every container and init container that has
// nothing at MountPath yet, adding the volume unless the pod already has one.
func (p *plugin) mountToken(pod *corev1.Pod) {
	volume := ""
	for _, v := range pod.Spec.Volumes {
		if strings.HasPrefix(v.Name, volumePrefix) {
			volume = v.Name
			break
		}
	}
	hasVolume := volume != ""
	if !hasVolume {
		volume = p.generateVolume(volumePrefix)
	}
	mount := corev1.VolumeMount{Name: volume, ReadOnly: true, MountPath: MountPath}
	mounted := mountIn(pod.Spec.InitContainers, mount)
	mounted = mountIn(pod.Spec.Containers, mount) || mounted
	if mounted && !hasVolume {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{
			Name:         volume,
			VolumeSource: corev1.VolumeSource{Projected: tokenVolumeSource()},
		})
	}
}

// mountIn adds mount to each container without a mount at its path, and tells whether it did.
func mountIn(containers []corev1.Container, mount corev1.VolumeMount) bool {
	added := false
	for i := range containers {
		if !hasMountAt(containers[i], mount.MountPath) {
			containers[i].VolumeMounts = append(containers[i].VolumeMounts, mount)
			added = true
		}
	}
	return added
}

func hasMountAt(c corev1.Container, path string) bool {
	for _, m := range c.VolumeMounts {
		if m.MountPath == path {
			return true
		}
	}
	return false
}

// tokenVolumeSource is a bound token, the cluster's root CA and the namespace, with the default
// mode spelled out as kube-apiserver does.
func tokenVolumeSource() *corev1.ProjectedVolumeSource {
	return &corev1.ProjectedVolumeSource{
		DefaultMode: ptr.To(corev1.ProjectedVolumeSourceDefaultMode),
		Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr.To[int64](tokenExpirationSeconds)}},
			{ConfigMap: &corev1.ConfigMapProjection{
				LocalObjectReference: corev1.LocalObjectReference{Name: rootCAConfigMap},
				Items:                []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}},
			}},
			{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{
				Path:     "namespace",
				FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"},
			}}}},
		},
	}
}
