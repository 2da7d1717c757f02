package node

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

func boundPodOn(node, name string, spec corev1.PodSpec) *corev1.Pod {
	spec.NodeName = node
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID("uid-" + name)}, Spec: spec}
}

func TestGraphRelated(t *testing.T) {
	secretVolume := corev1.Volume{Name: "s", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "vol-secret"}}}
	env := corev1.Container{Name: "c", EnvFrom: []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "env-cm"}}}},
		Env: []corev1.EnvVar{{Name: "x", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "env-secret"}, Key: "k"}}}}}
	full := boundPodOn("n1", "full", corev1.PodSpec{
		ServiceAccountName: "sa",
		ImagePullSecrets:   []corev1.LocalObjectReference{{Name: "pull"}},
		Containers:         []corev1.Container{env},
		Volumes: []corev1.Volume{secretVolume,
			{Name: "claim", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "pvc"}}},
			{Name: "eph", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{}}},
			{Name: "proj", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
				{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "proj-cm"}}},
			}}}},
		},
		ResourceClaims: []corev1.PodResourceClaim{
			{Name: "direct", ResourceClaimName: ptr.To("direct-claim")},
			{Name: "templated", ResourceClaimTemplateName: ptr.To("tpl")},
			{Name: "pending", ResourceClaimTemplateName: ptr.To("tpl")},
		},
	})
	full.Status.ResourceClaimStatuses = []corev1.PodResourceClaimStatus{{Name: "templated", ResourceClaimName: ptr.To("full-templated-abc")}}
	mirror := boundPodOn("n1", "mirror", corev1.PodSpec{Volumes: []corev1.Volume{secretVolume}})
	mirror.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "x"}
	pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv"}, Spec: corev1.PersistentVolumeSpec{
		ClaimRef: &corev1.ObjectReference{Namespace: "ns", Name: "pvc"},
		PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{
			Driver:                     "d",
			NodePublishSecretRef:       &corev1.SecretReference{Namespace: "ns", Name: "csi-node"},
			ControllerPublishSecretRef: &corev1.SecretReference{Namespace: "ns", Name: "csi-controller"},
		}},
	}}
	unbound := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "unbound"}, Spec: corev1.PersistentVolumeSpec{
		PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{Driver: "d", NodePublishSecretRef: &corev1.SecretReference{Namespace: "ns", Name: "unbound-secret"}}},
	}}

	g := NewGraph()
	g.SetPod(full)
	g.SetPod(mirror)
	g.SetPersistentVolume(pv)
	g.SetPersistentVolume(unbound)
	g.SetVolumeAttachment("va", "n1")
	g.SetResourceSlice("slice", "n1")
	g.SetResourceSlice("network-slice", "")
	g.SetPodCertificateRequest("ns", "pcr", "n1")

	for _, tc := range []struct {
		name      string
		node      string
		kind      Kind
		namespace string
		object    string
		want      bool
	}{
		{"its pod", "n1", Pod, "ns", "full", true},
		{"its mirror pod", "n1", Pod, "ns", "mirror", true},
		{"another node's pod", "n2", Pod, "ns", "full", false},
		{"volume secret", "n1", Secret, "ns", "vol-secret", true},
		{"volume secret from another node", "n2", Secret, "ns", "vol-secret", false},
		{"pull secret", "n1", Secret, "ns", "pull", true},
		{"env secret", "n1", Secret, "ns", "env-secret", true},
		{"same name in another namespace", "n1", Secret, "other", "vol-secret", false},
		{"unreferenced secret", "n1", Secret, "ns", "nothing", false},
		{"envFrom config map", "n1", ConfigMap, "ns", "env-cm", true},
		{"projected config map", "n1", ConfigMap, "ns", "proj-cm", true},
		{"a secret name is not a config map", "n1", ConfigMap, "ns", "vol-secret", false},
		{"service account", "n1", ServiceAccount, "ns", "sa", true},
		{"claim", "n1", PersistentVolumeClaim, "ns", "pvc", true},
		{"ephemeral volume's claim", "n1", PersistentVolumeClaim, "ns", "full-eph", true},
		{"volume bound to the claim", "n1", PersistentVolume, "", "pv", true},
		{"volume bound to the claim, other node", "n2", PersistentVolume, "", "pv", false},
		{"volume's kubelet secret", "n1", Secret, "ns", "csi-node", true},
		{"volume's controller secret", "n1", Secret, "ns", "csi-controller", false},
		{"unbound volume", "n1", PersistentVolume, "", "unbound", false},
		{"unbound volume's secret", "n1", Secret, "ns", "unbound-secret", false},
		{"named resource claim", "n1", ResourceClaim, "ns", "direct-claim", true},
		{"generated resource claim", "n1", ResourceClaim, "ns", "full-templated-abc", true},
		{"the template is not a claim", "n1", ResourceClaim, "ns", "tpl", false},
		{"its volume attachment", "n1", VolumeAttachment, "", "va", true},
		{"another node's volume attachment", "n2", VolumeAttachment, "", "va", false},
		{"its resource slice", "n1", ResourceSlice, "", "slice", true},
		{"a slice of no node", "n1", ResourceSlice, "", "network-slice", false},
		{"its pod certificate request", "n1", PodCertificateRequest, "ns", "pcr", true},
		{"another node's pod certificate request", "n2", PodCertificateRequest, "ns", "pcr", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := g.Related(tc.node, tc.kind, tc.namespace, tc.object); got != tc.want {
				t.Errorf("Related(%s, %v, %s/%s) = %v, want %v", tc.node, tc.kind, tc.namespace, tc.object, got, tc.want)
			}
		})
	}
}

func TestGraphForgets(t *testing.T) {
	claim := corev1.Volume{Name: "claim", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "pvc"}}}
	secret := corev1.Volume{Name: "s", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "shared"}}}
	pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv"}, Spec: corev1.PersistentVolumeSpec{
		ClaimRef: &corev1.ObjectReference{Namespace: "ns", Name: "pvc"},
		PersistentVolumeSource: corev1.PersistentVolumeSource{RBD: &corev1.RBDPersistentVolumeSource{
			CephMonitors: []string{"m"}, RBDImage: "i", SecretRef: &corev1.SecretReference{Name: "rbd"},
		}},
	}}
	for _, tc := range []struct {
		name   string
		change func(g *Graph)
		kind   Kind
		ns     string
		object string
		want   bool
	}{
		{"a secret two pods share stays while one remains", func(g *Graph) { g.DeletePod("ns", "a") }, Secret, "ns", "shared", true},
		{"a secret goes with the last pod", func(g *Graph) { g.DeletePod("ns", "a"); g.DeletePod("ns", "b") }, Secret, "ns", "shared", false},
		{"a replaced pod loses what it no longer references", func(g *Graph) {
			g.SetPod(boundPodOn("n1", "b", corev1.PodSpec{}))
		}, PersistentVolumeClaim, "ns", "pvc", false},
		{"a volume's secret, in its claim's namespace", func(*Graph) {}, Secret, "ns", "rbd", true},
		{"a deleted volume's secret", func(g *Graph) { g.DeletePersistentVolume("pv") }, Secret, "ns", "rbd", false},
		{"a volume released from its claim", func(g *Graph) {
			released := pv.DeepCopy()
			released.Spec.ClaimRef = nil
			g.SetPersistentVolume(released)
		}, PersistentVolume, "", "pv", false},
		{"a detached volume attachment", func(g *Graph) { g.SetVolumeAttachment("va", "") }, VolumeAttachment, "", "va", false},
		{"a slice moved to another node", func(g *Graph) { g.SetResourceSlice("slice", "n2") }, ResourceSlice, "", "slice", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph()
			g.SetPod(boundPodOn("n1", "a", corev1.PodSpec{Volumes: []corev1.Volume{secret}}))
			g.SetPod(boundPodOn("n1", "b", corev1.PodSpec{Volumes: []corev1.Volume{secret, claim}}))
			g.SetPersistentVolume(pv)
			g.SetVolumeAttachment("va", "n1")
			g.SetResourceSlice("slice", "n1")
			tc.change(g)
			if got := g.Related("n1", tc.kind, tc.ns, tc.object); got != tc.want {
				t.Errorf("Related = %v, want %v", got, tc.want)
			}
		})
	}
}
