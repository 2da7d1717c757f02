package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestVolumeValidation(t *testing.T) {
	cases := []struct {
		name    string
		volumes []corev1.Volume
		mounts  []corev1.VolumeMount
		want    []string
	}{
		{
			name: "common sources",
			volumes: []corev1.Volume{
				{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "host", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/log"}}},
				{Name: "cfg", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg"}}}},
				{Name: "sec", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "sec"}}},
				{Name: "data", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}},
				{Name: "info", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{
					{Path: "labels", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.labels"}},
				}}}},
			},
			mounts: []corev1.VolumeMount{{Name: "data", MountPath: "/data"}, {Name: "cfg", MountPath: "/etc/cfg", SubPath: "app.conf"}},
		},
		{
			name:    "a source is required",
			volumes: []corev1.Volume{{Name: "empty"}},
			want:    []string{"spec.volumes[0]: Required value: must specify a volume type"},
		},
		{
			name: "only one source",
			volumes: []corev1.Volume{{Name: "two", VolumeSource: corev1.VolumeSource{
				EmptyDir:    &corev1.EmptyDirVolumeSource{},
				HostPath:    &corev1.HostPathVolumeSource{Path: "/tmp"},
				DownwardAPI: &corev1.DownwardAPIVolumeSource{},
			}}},
			want: []string{
				"spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
				"spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type",
			},
		},
		{
			name: "names are unique DNS labels",
			volumes: []corev1.Volume{
				{Name: "Data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "x", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "x", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
			},
			want: []string{
				`spec.volumes[0].name: Invalid value: "Data": ` + dnsLabelMsg,
				`spec.volumes[2].name: Duplicate value: "x"`,
			},
		},
		{
			name: "source fields",
			volumes: []corev1.Volume{
				{Name: "a", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{DefaultMode: ptr(int32(01000))}}},
				{Name: "b", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s", Items: []corev1.KeyToPath{{Key: "k", Path: "../x"}}}}},
				{Name: "c", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{}}},
				{Name: "d", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/x", Type: ptr(corev1.HostPathType("Dir"))}}},
				{Name: "e", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: ptr(resource.MustParse("-1Gi"))}}},
				{Name: "f", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{
					{Path: "node", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "spec.nodeName"}},
				}}}},
				{Name: "g", VolumeSource: corev1.VolumeSource{GCEPersistentDisk: &corev1.GCEPersistentDiskVolumeSource{}}},
			},
			want: []string{
				"spec.volumes[0].configMap.name: Required value",
				"spec.volumes[0].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
				`spec.volumes[1].secret.items[0].path: Invalid value: "../x": must not contain '..'`,
				"spec.volumes[2].persistentVolumeClaim.claimName: Required value",
				`spec.volumes[3].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`,
				"spec.volumes[4].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity",
				`spec.volumes[5].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"`,
				"spec.volumes[6].persistentDisk.pdName: Required value",
			},
		},
		{
			name: "projected sources",
			volumes: []corev1.Volume{{Name: "p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
				{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "a"}, Items: []corev1.KeyToPath{{Key: "k", Path: "same"}}}},
				{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "b"}, Items: []corev1.KeyToPath{{Key: "k", Path: "same"}}},
					ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr(int64(60))}},
			}}}}},
			want: []string{
				`spec.volumes[0].projected: Invalid value: "b": conflicting duplicate paths`,
				"spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
				"spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source",
			},
		},
		{
			name:    "mounts must name a volume and a path",
			volumes: []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
			mounts: []corev1.VolumeMount{
				{Name: "missing", MountPath: "/a"},
				{Name: "data"},
				{Name: "data", MountPath: "/a", SubPath: "/abs"},
			},
			want: []string{
				`spec.containers[0].volumeMounts[0].name: Not found: "missing"`,
				"spec.containers[0].volumeMounts[1].mountPath: Required value",
				`spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/a": must be unique`,
				`spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path`,
			},
		},
		{
			name:    "bidirectional propagation needs privilege",
			volumes: []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
			mounts:  []corev1.VolumeMount{{Name: "data", MountPath: "/a", MountPropagation: ptr(corev1.MountPropagationBidirectional)}},
			want:    []string{"spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			pod.Spec.Volumes = tc.volumes
			pod.Spec.Containers[0].VolumeMounts = tc.mounts
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}

func TestEphemeralVolumeClaimName(t *testing.T) {
	pod := validPod()
	pod.Spec.Volumes = []corev1.Volume{
		{Name: "scratch", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{}}},
		{Name: "reuse", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "web-scratch"}}},
	}
	expectErrors(t, ValidatePodCreate(pod),
		"spec.volumes[0].ephemeral.volumeClaimTemplate: Required value",
		`spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: "web-scratch": must not reference a PVC that gets created for an ephemeral volume`,
	)
}

func TestMoreVolumeSources(t *testing.T) {
	pod := validPod()
	pod.Spec.Volumes = []corev1.Volume{
		{Name: "nfs", VolumeSource: corev1.VolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nfs.local", Path: "exports"}}},
		{Name: "csi", VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{Driver: "Bad_Driver", NodePublishSecretRef: &corev1.LocalObjectReference{}}}},
		{Name: "img", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{PullPolicy: corev1.PullIfNotPresent}}},
		{Name: "git", VolumeSource: corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Directory: "/abs"}}},
		{Name: "tools", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "busybox", PullPolicy: corev1.PullIfNotPresent}}},
	}
	// A volume that failed validation is not mountable, as upstream.
	pod.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "img", MountPath: "/img"}, {Name: "tools", MountPath: "/tools", SubPath: "bin"}}
	expectErrors(t, ValidatePodCreate(pod),
		`spec.volumes[0].nfs.path: Invalid value: "exports": must be an absolute path`,
		`spec.volumes[1].csi.driver: Invalid value: "Bad_Driver": `+dnsSubdomainMsg,
		"spec.volumes[1].csi.nodePublishSecretRef.name: Required value",
		"spec.volumes[2].image.reference: Required value",
		"spec.volumes[3].gitRepo.repository: Required value",
		`spec.volumes[3].gitRepo.directory: Invalid value: "/abs": must be a relative path`,
		`spec.containers[0].volumeMounts[0].name: Not found: "img"`,
		`spec.containers[0].volumeMounts[1].subPath: Invalid value: "bin": not allowed in image volume sources`,
	)

	// Templates may leave the image reference to be filled in later.
	spec := validPod().Spec
	spec.Volumes = []corev1.Volume{{Name: "img", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{PullPolicy: corev1.PullIfNotPresent}}}}
	expectErrors(t, validatePodSpec(&spec, nil, field.NewPath("spec"), podValidationOptions{}))
}
