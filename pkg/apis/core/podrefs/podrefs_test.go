package podrefs

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

func collect(walk func(Visitor) bool) []string {
	var names []string
	walk(func(name string) bool { names = append(names, name); return true })
	return names
}

func TestPodNames(t *testing.T) {
	local := func(name string) corev1.LocalObjectReference { return corev1.LocalObjectReference{Name: name} }
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		ImagePullSecrets: []corev1.LocalObjectReference{local("pull")},
		InitContainers: []corev1.Container{{EnvFrom: []corev1.EnvFromSource{
			{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: local("init-env")}},
			{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: local("init-cm")}},
		}}},
		Containers: []corev1.Container{{Env: []corev1.EnvVar{
			{Name: "plain", Value: "v"},
			{Name: "s", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: local("key")}}},
			{Name: "c", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: local("cm-key")}}},
		}}},
		EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{EnvFrom: []corev1.EnvFromSource{
			{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: local("debug")}},
		}}}},
		Volumes: []corev1.Volume{
			{VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "vol"}}},
			{VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{NodePublishSecretRef: ptr.To(local("csi"))}}},
			{VolumeSource: corev1.VolumeSource{CephFS: &corev1.CephFSVolumeSource{}}},
			{VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: local("cm-vol")}}},
			{VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
				{Secret: &corev1.SecretProjection{LocalObjectReference: local("proj")}},
				{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: local("cm-proj")}},
			}}}},
		},
	}}
	if diff := cmp.Diff([]string{"pull", "init-env", "key", "debug", "vol", "csi", "proj"}, collect(func(v Visitor) bool { return SecretNames(pod, v) })); diff != "" {
		t.Errorf("SecretNames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"init-cm", "cm-key", "cm-vol", "cm-proj"}, collect(func(v Visitor) bool { return ConfigMapNames(pod, v) })); diff != "" {
		t.Errorf("ConfigMapNames (-want +got):\n%s", diff)
	}
	if !ReferencesSecrets(pod) || !ReferencesConfigMaps(pod) || ReferencesSecrets(&corev1.Pod{}) || ReferencesConfigMaps(&corev1.Pod{}) {
		t.Error("References* disagree with the visitors")
	}
}

func TestPVSecrets(t *testing.T) {
	claimRef := &corev1.ObjectReference{Namespace: "claims", Name: "c"}
	type secret struct {
		Namespace, Name string
		KubeletVisible  bool
	}
	for _, tc := range []struct {
		name   string
		source corev1.PersistentVolumeSource
		claim  *corev1.ObjectReference
		want   []secret
	}{
		{"reference without namespace is in the claim's", corev1.PersistentVolumeSource{RBD: &corev1.RBDPersistentVolumeSource{SecretRef: &corev1.SecretReference{Name: "rbd"}}}, claimRef,
			[]secret{{"claims", "rbd", true}}},
		{"reference with a namespace", corev1.PersistentVolumeSource{CephFS: &corev1.CephFSPersistentVolumeSource{SecretRef: &corev1.SecretReference{Namespace: "ceph", Name: "s"}}}, claimRef,
			[]secret{{"ceph", "s", true}}},
		{"azure file's secret namespace", corev1.PersistentVolumeSource{AzureFile: &corev1.AzureFilePersistentVolumeSource{SecretName: "az", SecretNamespace: ptr.To("azure")}}, claimRef,
			[]secret{{"azure", "az", true}}},
		{"CSI controller secrets are not the kubelet's", corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{
			ControllerPublishSecretRef: &corev1.SecretReference{Namespace: "n", Name: "pub"},
			NodeStageSecretRef:         &corev1.SecretReference{Namespace: "n", Name: "stage"},
			ControllerExpandSecretRef:  &corev1.SecretReference{Namespace: "n", Name: "expand"},
		}}, nil, []secret{{"n", "pub", false}, {"n", "expand", false}, {"n", "stage", true}}},
		{"no secret", corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}, claimRef, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pv := &corev1.PersistentVolume{Spec: corev1.PersistentVolumeSpec{PersistentVolumeSource: tc.source, ClaimRef: tc.claim}}
			var got []secret
			PVSecrets(pv, func(namespace, name string, kubeletVisible bool) bool {
				got = append(got, secret{namespace, name, kubeletVisible})
				return true
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestResourceClaimName(t *testing.T) {
	pod := &corev1.Pod{Status: corev1.PodStatus{ResourceClaimStatuses: []corev1.PodResourceClaimStatus{
		{Name: "generated", ResourceClaimName: ptr.To("pod-generated-x")},
		{Name: "unneeded"},
	}}}
	for _, tc := range []struct {
		name    string
		claim   corev1.PodResourceClaim
		want    *string
		wantErr error
	}{
		{"named", corev1.PodResourceClaim{Name: "a", ResourceClaimName: ptr.To("shared")}, ptr.To("shared"), nil},
		{"generated", corev1.PodResourceClaim{Name: "generated", ResourceClaimTemplateName: ptr.To("t")}, ptr.To("pod-generated-x"), nil},
		{"not needed", corev1.PodResourceClaim{Name: "unneeded", ResourceClaimTemplateName: ptr.To("t")}, nil, nil},
		{"not created yet", corev1.PodResourceClaim{Name: "later", ResourceClaimTemplateName: ptr.To("t")}, nil, ErrClaimNotCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ResourceClaimName(pod, &tc.claim)
			if !errors.Is(err, tc.wantErr) || !cmp.Equal(got, tc.want) {
				t.Errorf("ResourceClaimName() = %v, %v; want %v, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
