package statefulset

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func testSet(replicas int32) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", UID: "set-uid"},
		Spec: appsv1.StatefulSetSpec{
			Replicas:    &replicas,
			ServiceName: "svc",
			Selector:    &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec: corev1.PodSpec{Volumes: []corev1.Volume{
					{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
					{Name: "config"},
				}},
			},
			VolumeClaimTemplates: []corev1.PersistentVolumeClaim{{ObjectMeta: metav1.ObjectMeta{Name: "data"}}},
		},
	}
}

func TestParentAndOrdinal(t *testing.T) {
	for _, tc := range []struct {
		name, parent string
		ordinal      int
	}{
		{"web-0", "web", 0},
		{"my-web-12", "my-web", 12},
		{"web", "", -1},
		{"web-x", "", -1},
	} {
		parent, ordinal := parentAndOrdinal(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: tc.name}})
		if parent != tc.parent || ordinal != tc.ordinal {
			t.Errorf("%s: %q, %d; want %q, %d", tc.name, parent, ordinal, tc.parent, tc.ordinal)
		}
	}
}

func TestNewPod(t *testing.T) {
	set := testSet(3)
	set.Spec.Ordinals = &appsv1.StatefulSetOrdinals{Start: 5}
	pod := newPod(set, 6, "web-rev")
	if pod.Name != "web-6" || pod.GenerateName != "" || pod.Spec.Hostname != "web-6" || pod.Spec.Subdomain != "svc" {
		t.Errorf("pod name %q generateName %q hostname %q subdomain %q", pod.Name, pod.GenerateName, pod.Spec.Hostname, pod.Spec.Subdomain)
	}
	for k, v := range map[string]string{"app": "web", appsv1.StatefulSetPodNameLabel: "web-6", appsv1.PodIndexLabel: "6", appsv1.StatefulSetRevisionLabel: "web-rev"} {
		if pod.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, pod.Labels[k], v)
		}
	}
	if len(pod.Spec.Volumes) != 2 || pod.Spec.Volumes[0].PersistentVolumeClaim == nil || pod.Spec.Volumes[0].PersistentVolumeClaim.ClaimName != "data-web-6" || pod.Spec.Volumes[1].Name != "config" {
		t.Errorf("volumes %+v, want data from claim data-web-6 replacing the template's, then config", pod.Spec.Volumes)
	}
	if !identityMatches(set, pod) || !storageMatches(set, pod) {
		t.Error("a new pod does not match its identity or storage")
	}
	if ref := metav1.GetControllerOf(pod); ref == nil || ref.UID != set.UID {
		t.Errorf("controller %v", ref)
	}
	if !inOrdinalRange(pod, set) || inOrdinalRange(newPod(set, 8, ""), set) || inOrdinalRange(newPod(set, 4, ""), set) {
		t.Error("ordinal range is [5, 8)")
	}
	pod.Labels[appsv1.PodIndexLabel] = "1"
	if identityMatches(set, pod) {
		t.Error("a wrong index label matches")
	}
	pod.Spec.Volumes[0].PersistentVolumeClaim.ClaimName = "other"
	if storageMatches(set, pod) {
		t.Error("a wrong claim matches")
	}
}

func TestClaimOwners(t *testing.T) {
	const retain, del = appsv1.RetainPersistentVolumeClaimRetentionPolicyType, appsv1.DeletePersistentVolumeClaimRetentionPolicyType
	controller := true
	other := metav1.OwnerReference{APIVersion: "v1", Kind: "Thing", Name: "x", UID: "other", Controller: &controller}
	for _, tc := range []struct {
		name                string
		whenDeleted, scaled appsv1.PersistentVolumeClaimRetentionPolicyType
		ordinal             int
		existing            []metav1.OwnerReference
		want                []string
	}{
		{"retain both", retain, retain, 0, nil, nil},
		{"delete with the set", del, retain, 0, nil, []string{"set-uid"}},
		{"delete with the set, scaled away", del, retain, 5, nil, []string{"set-uid"}},
		{"delete when scaled, in range", retain, del, 0, nil, nil},
		{"delete when scaled, scaled away", retain, del, 5, nil, []string{"pod-uid"}},
		{"delete both, in range", del, del, 0, nil, []string{"set-uid"}},
		{"delete both, scaled away", del, del, 5, []metav1.OwnerReference{{Kind: "StatefulSet", APIVersion: "apps/v1", Name: "web", UID: "set-uid"}}, []string{"pod-uid"}},
		{"another controller", del, del, 0, []metav1.OwnerReference{other}, []string{"other"}},
	} {
		set := testSet(3)
		set.Spec.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{WhenDeleted: tc.whenDeleted, WhenScaled: tc.scaled}
		pod := newPod(set, tc.ordinal, "")
		pod.UID = "pod-uid"
		claim := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{OwnerReferences: tc.existing}}
		var got []string
		for _, ref := range claimOwners(claim, set, pod) {
			got = append(got, string(ref.UID))
		}
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%s: owners %v, want %v", tc.name, got, tc.want)
		}
	}
}

func nilContainers(image string) []corev1.Container {
	return []corev1.Container{{Name: "main", Image: image}}
}
