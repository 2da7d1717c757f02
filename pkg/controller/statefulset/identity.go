package statefulset

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// controllerKind is the kind pods and claims name in their ownerReferences to a StatefulSet.
var controllerKind = appsv1.SchemeGroupVersion.WithKind("StatefulSet")

// podKind is the kind claims name in their ownerReferences to a pod scaled away.
var podKind = corev1.SchemeGroupVersion.WithKind("Pod")

// ordinalName splits a StatefulSet pod's name into its set's name and its ordinal.
var ordinalName = regexp.MustCompile("^(.*)-([0-9]+)$")

// parentAndOrdinal returns the set name and ordinal pod's name carries, and -1 for a name without.
func parentAndOrdinal(pod *corev1.Pod) (string, int) {
	m := ordinalName.FindStringSubmatch(pod.Name)
	if m == nil {
		return "", -1
	}
	ordinal, err := strconv.ParseInt(m[2], 10, 32)
	if err != nil {
		return "", -1
	}
	return m[1], int(ordinal)
}

func ordinalOf(pod *corev1.Pod) int {
	_, ordinal := parentAndOrdinal(pod)
	return ordinal
}

// isMemberOf tells whether pod's name makes it one of set's pods.
func isMemberOf(set *appsv1.StatefulSet, pod *corev1.Pod) bool {
	parent, _ := parentAndOrdinal(pod)
	return parent == set.Name
}

func startOrdinal(set *appsv1.StatefulSet) int {
	if set.Spec.Ordinals != nil {
		return int(set.Spec.Ordinals.Start)
	}
	return 0
}

func replicaCount(set *appsv1.StatefulSet) int {
	if set.Spec.Replicas == nil {
		return 1
	}
	return int(*set.Spec.Replicas)
}

// inOrdinalRange tells whether pod's ordinal is one the set's replicas keep.
func inOrdinalRange(pod *corev1.Pod, set *appsv1.StatefulSet) bool {
	ordinal := ordinalOf(pod)
	return ordinal >= startOrdinal(set) && ordinal < startOrdinal(set)+replicaCount(set)
}

func podName(set *appsv1.StatefulSet, ordinal int) string {
	return fmt.Sprintf("%s-%d", set.Name, ordinal)
}

func claimName(set *appsv1.StatefulSet, claim *corev1.PersistentVolumeClaim, ordinal int) string {
	return fmt.Sprintf("%s-%s-%d", claim.Name, set.Name, ordinal)
}

// claimsFor returns the claims of set's volumeClaimTemplates for pod, keyed by template name and
// labelled with the set's selector.
func claimsFor(set *appsv1.StatefulSet, pod *corev1.Pod) map[string]*corev1.PersistentVolumeClaim {
	ordinal := ordinalOf(pod)
	claims := make(map[string]*corev1.PersistentVolumeClaim, len(set.Spec.VolumeClaimTemplates))
	for i := range set.Spec.VolumeClaimTemplates {
		template := &set.Spec.VolumeClaimTemplates[i]
		claim := template.DeepCopy()
		claim.Name = claimName(set, template, ordinal)
		claim.Namespace = set.Namespace
		if claim.Labels == nil {
			claim.Labels = map[string]string{}
		}
		for k, v := range set.Spec.Selector.MatchLabels {
			claim.Labels[k] = v
		}
		claims[template.Name] = claim
	}
	return claims
}

// setIdentity gives pod its stable name and the labels that carry it.
func setIdentity(set *appsv1.StatefulSet, pod *corev1.Pod) {
	ordinal := ordinalOf(pod)
	pod.Name = podName(set, ordinal)
	pod.Namespace = set.Namespace
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[appsv1.StatefulSetPodNameLabel] = pod.Name
	pod.Labels[appsv1.PodIndexLabel] = strconv.Itoa(ordinal)
}

// setStorage points pod's volumes named as the claim templates at the claims of its ordinal,
// replacing volumes of the template with those names.
func setStorage(set *appsv1.StatefulSet, pod *corev1.Pod) {
	claims := claimsFor(set, pod)
	volumes := make([]corev1.Volume, 0, len(pod.Spec.Volumes)+len(claims))
	for i := range set.Spec.VolumeClaimTemplates {
		name := set.Spec.VolumeClaimTemplates[i].Name
		volumes = append(volumes, corev1.Volume{
			Name: name,
			VolumeSource: corev1.VolumeSource{
				PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claims[name].Name},
			},
		})
	}
	for _, v := range pod.Spec.Volumes {
		if _, ok := claims[v.Name]; !ok {
			volumes = append(volumes, v)
		}
	}
	pod.Spec.Volumes = volumes
}

// identityMatches tells whether pod has the name, namespace and labels of its ordinal in set.
func identityMatches(set *appsv1.StatefulSet, pod *corev1.Pod) bool {
	parent, ordinal := parentAndOrdinal(pod)
	return ordinal >= 0 && parent == set.Name && pod.Namespace == set.Namespace &&
		pod.Labels[appsv1.StatefulSetPodNameLabel] == pod.Name &&
		pod.Labels[appsv1.PodIndexLabel] == strconv.Itoa(ordinal)
}

// storageMatches tells whether pod's volumes named as claim templates use the claims of its ordinal.
func storageMatches(set *appsv1.StatefulSet, pod *corev1.Pod) bool {
	if ordinalOf(pod) < 0 {
		return false
	}
	volumes := make(map[string]corev1.Volume, len(pod.Spec.Volumes))
	for _, v := range pod.Spec.Volumes {
		volumes[v.Name] = v
	}
	for name, claim := range claimsFor(set, pod) {
		v, ok := volumes[name]
		if !ok || v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != claim.Name {
			return false
		}
	}
	return true
}

// newPod returns the pod of ordinal from set's template, owned by set and at revision.
func newPod(set *appsv1.StatefulSet, ordinal int, revision string) *corev1.Pod {
	pod := podcontrol.PodFromTemplate(&set.Spec.Template, set, controllerKind)
	pod.GenerateName = ""
	pod.Name = podName(set, ordinal)
	setIdentity(set, pod)
	pod.Spec.Hostname = pod.Name
	pod.Spec.Subdomain = set.Spec.ServiceName
	setStorage(set, pod)
	pod.Labels[appsv1.StatefulSetRevisionLabel] = revision
	return pod
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func revisionOf(pod *corev1.Pod) string {
	return pod.Labels[appsv1.StatefulSetRevisionLabel]
}

// sortDescending orders pods from the highest ordinal down, the order in which a set removes them.
func sortDescending(pods []*corev1.Pod) {
	sort.SliceStable(pods, func(i, j int) bool { return ordinalOf(pods[i]) > ordinalOf(pods[j]) })
}
