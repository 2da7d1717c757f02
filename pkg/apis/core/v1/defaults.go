/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	"regexp"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	resourcehelper "k8s.io/component-helpers/resource"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// The SetDefaults_<Type> names are what defaulter-gen looks for: the generated
// RegisterDefaults calls each of them wherever <Type> occurs in a served object.

// SetDefaults_ResourceList rounds every quantity up to milli precision, which
// kube-apiserver does so that no stored quantity is finer than 1m.
func SetDefaults_ResourceList(obj *corev1.ResourceList) {
	for name, quantity := range *obj {
		quantity.RoundUp(-3)
		(*obj)[name] = quantity
	}
}

// SetDefaults_ReplicationController copies the pod template labels to an empty
// selector and to empty object labels. spec.replicas is defaulted by the
// +default marker in k8s.io/api.
func SetDefaults_ReplicationController(obj *corev1.ReplicationController) {
	if obj.Spec.Template == nil || obj.Spec.Template.Labels == nil {
		return
	}
	labels := obj.Spec.Template.Labels
	if len(obj.Spec.Selector) == 0 {
		obj.Spec.Selector = labels
	}
	if len(obj.Labels) == 0 {
		obj.Labels = labels
	}
}

// SetDefaults_Volume makes a volume without any source an emptyDir and picks
// the pull policy of an image volume the same way as a container's.
func SetDefaults_Volume(obj *corev1.Volume) {
	if ptr.AllPtrFieldsNil(&obj.VolumeSource) {
		obj.VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	}
	// The ImageVolume feature gate is on by default since 1.35.
	if obj.Image != nil && obj.Image.PullPolicy == "" {
		obj.Image.PullPolicy = defaultPullPolicy(obj.Image.Reference)
	}
}

// SetDefaults_Container defaults the image pull policy and the termination
// message settings.
func SetDefaults_Container(obj *corev1.Container) {
	defaultContainerFields(&obj.ImagePullPolicy, obj.Image, &obj.TerminationMessagePath, &obj.TerminationMessagePolicy)
}

// SetDefaults_EphemeralContainer applies the Container defaults to an
// ephemeral container.
func SetDefaults_EphemeralContainer(obj *corev1.EphemeralContainer) {
	c := &obj.EphemeralContainerCommon
	defaultContainerFields(&c.ImagePullPolicy, c.Image, &c.TerminationMessagePath, &c.TerminationMessagePolicy)
}

func defaultContainerFields(pullPolicy *corev1.PullPolicy, image string, messagePath *string, messagePolicy *corev1.TerminationMessagePolicy) {
	if *pullPolicy == "" {
		*pullPolicy = defaultPullPolicy(image)
	}
	if *messagePath == "" {
		*messagePath = corev1.TerminationMessagePathDefault
	}
	if *messagePolicy == "" {
		*messagePolicy = corev1.TerminationMessageReadFile
	}
}

// SetDefaults_Service defaults session affinity, type, ports and the traffic
// policies. spec.clusterIP/clusterIPs are deliberately left alone: upstream
// reconciles them in the service registry, where create and update differ.
func SetDefaults_Service(obj *corev1.Service) {
	spec := &obj.Spec
	if spec.SessionAffinity == "" {
		spec.SessionAffinity = corev1.ServiceAffinityNone
	}
	switch spec.SessionAffinity {
	case corev1.ServiceAffinityNone:
		spec.SessionAffinityConfig = nil
	case corev1.ServiceAffinityClientIP:
		cfg := spec.SessionAffinityConfig
		if cfg == nil || cfg.ClientIP == nil || cfg.ClientIP.TimeoutSeconds == nil {
			spec.SessionAffinityConfig = &corev1.SessionAffinityConfig{
				ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr.To(corev1.DefaultClientIPServiceAffinitySeconds)},
			}
		}
	}
	if spec.Type == "" {
		spec.Type = corev1.ServiceTypeClusterIP
	}
	for i := range spec.Ports {
		port := &spec.Ports[i]
		if port.Protocol == "" {
			port.Protocol = corev1.ProtocolTCP
		}
		if port.TargetPort == intstr.FromInt32(0) || port.TargetPort == intstr.FromString("") {
			port.TargetPort = intstr.FromInt32(port.Port)
		}
	}
	externallyAccessible := spec.Type == corev1.ServiceTypeLoadBalancer ||
		spec.Type == corev1.ServiceTypeNodePort ||
		(spec.Type == corev1.ServiceTypeClusterIP && len(spec.ExternalIPs) > 0)
	if externallyAccessible && spec.ExternalTrafficPolicy == "" {
		spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyCluster
	}
	if spec.InternalTrafficPolicy == nil && spec.Type != corev1.ServiceTypeExternalName {
		spec.InternalTrafficPolicy = ptr.To(corev1.ServiceInternalTrafficPolicyCluster)
	}
	if spec.Type == corev1.ServiceTypeLoadBalancer {
		if spec.AllocateLoadBalancerNodePorts == nil {
			spec.AllocateLoadBalancerNodePorts = ptr.To(true)
		}
		for i := range obj.Status.LoadBalancer.Ingress {
			ingress := &obj.Status.LoadBalancer.Ingress[i]
			if ingress.IP != "" && ingress.IPMode == nil {
				ingress.IPMode = ptr.To(corev1.LoadBalancerIPModeVIP)
			}
		}
	}
}

// SetDefaults_Pod defaults container requests from limits, pod-level
// resources, enableServiceLinks and host-network ports. These live on Pod
// rather than PodSpec so that they only materialize on pods, never in
// templates. It also drops the pre-1.8 init container annotations, as the
// v1->internal conversion does upstream.
func SetDefaults_Pod(obj *corev1.Pod) {
	for i := range obj.Spec.Containers {
		defaultRequestsToLimits(&obj.Spec.Containers[i].Resources)
	}
	for i := range obj.Spec.InitContainers {
		defaultRequestsToLimits(&obj.Spec.InitContainers[i].Resources)
	}

	// The PodLevelResources feature gate is on by default since 1.34. These
	// must run after the container requests above have been filled in.
	defaultHugePagePodLimits(obj)
	defaultPodRequests(obj)

	if obj.Spec.EnableServiceLinks == nil {
		obj.Spec.EnableServiceLinks = ptr.To(corev1.DefaultEnableServiceLinks)
	}
	if obj.Spec.HostNetwork {
		defaultHostNetworkPorts(obj.Spec.Containers)
		defaultHostNetworkPorts(obj.Spec.InitContainers)
	}
	obj.Annotations = dropInitContainerAnnotations(obj.Annotations)
}

func defaultRequestsToLimits(resources *corev1.ResourceRequirements) {
	if resources.Limits == nil {
		return
	}
	if resources.Requests == nil {
		resources.Requests = make(corev1.ResourceList)
	}
	for name, limit := range resources.Limits {
		if _, ok := resources.Requests[name]; !ok {
			resources.Requests[name] = limit.DeepCopy()
		}
	}
}

func defaultHostNetworkPorts(containers []corev1.Container) {
	for i := range containers {
		for j := range containers[i].Ports {
			port := &containers[i].Ports[j]
			if port.HostPort == 0 {
				port.HostPort = port.ContainerPort
			}
		}
	}
}

// defaultHugePagePodLimits sets a missing pod-level hugepages limit to the
// containers' aggregate, but only for pods that already use pod-level
// resources and have no pod-level request for that hugepage size.
func defaultHugePagePodLimits(pod *corev1.Pod) {
	res := pod.Spec.Resources
	if res == nil || (len(res.Limits) == 0 && len(res.Requests) == 0) {
		return
	}
	limits := res.Limits
	if limits == nil {
		limits = make(corev1.ResourceList)
	}
	for name, quantity := range resourcehelper.AggregateContainerLimits(pod, resourcehelper.PodResourcesOptions{}) {
		if !resourcehelper.IsSupportedPodLevelResource(name) || !isHugePageResourceName(name) {
			continue
		}
		if _, ok := res.Requests[name]; ok {
			continue
		}
		if _, ok := limits[name]; !ok {
			limits[name] = quantity.DeepCopy()
		}
	}
	if len(limits) > 0 {
		res.Limits = limits
	}
}

// defaultPodRequests fills pod-level requests when pod-level limits are set:
// from the containers' aggregate requests for overcommittable resources, and
// otherwise from the pod-level limit.
func defaultPodRequests(pod *corev1.Pod) {
	res := pod.Spec.Resources
	if res == nil || len(res.Limits) == 0 {
		return
	}
	requests := res.Requests
	if requests == nil {
		requests = make(corev1.ResourceList)
	}
	for name, quantity := range resourcehelper.AggregateContainerRequests(pod, resourcehelper.PodResourcesOptions{}) {
		if _, ok := requests[name]; ok {
			continue
		}
		// Hugepages cannot be overcommitted; their request follows the limit below.
		if resourcehelper.IsSupportedPodLevelResource(name) && !isHugePageResourceName(name) {
			requests[name] = quantity.DeepCopy()
		}
	}
	for name, limit := range res.Limits {
		if _, ok := requests[name]; !ok && resourcehelper.IsSupportedPodLevelResource(name) {
			requests[name] = limit.DeepCopy()
		}
	}
	if len(requests) > 0 {
		res.Requests = requests
	}
}

func isHugePageResourceName(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// initContainerAnnotations are the alpha/beta annotations that carried init
// containers before the field existed.
var initContainerAnnotations = []string{
	"pod.alpha.kubernetes.io/init-containers",
	"pod.beta.kubernetes.io/init-containers",
	"pod.alpha.kubernetes.io/init-container-statuses",
	"pod.beta.kubernetes.io/init-container-statuses",
}

// dropInitContainerAnnotations returns annotations without the init container
// annotations, copying the map rather than mutating one that may be shared.
func dropInitContainerAnnotations(annotations map[string]string) map[string]string {
	return scheme.WithoutAnnotations(annotations, initContainerAnnotations...)
}

// SetDefaults_PodTemplateSpec drops the init container annotations from pod
// templates, like the upstream v1->internal conversion.
func SetDefaults_PodTemplateSpec(obj *corev1.PodTemplateSpec) {
	obj.Annotations = dropInitContainerAnnotations(obj.Annotations)
}

// SetDefaults_PodSpec defaults the pod-wide policies. It also keeps the
// deprecated serviceAccount field an alias of serviceAccountName: upstream
// takes serviceAccount only when serviceAccountName is empty, and always
// writes serviceAccountName back into serviceAccount.
func SetDefaults_PodSpec(obj *corev1.PodSpec) {
	if obj.DNSPolicy == "" {
		obj.DNSPolicy = corev1.DNSClusterFirst
	}
	if obj.RestartPolicy == "" {
		obj.RestartPolicy = corev1.RestartPolicyAlways
	}
	if obj.SecurityContext == nil {
		obj.SecurityContext = &corev1.PodSecurityContext{}
	}
	if obj.TerminationGracePeriodSeconds == nil {
		obj.TerminationGracePeriodSeconds = ptr.To[int64](corev1.DefaultTerminationGracePeriodSeconds)
	}
	if obj.SchedulerName == "" {
		obj.SchedulerName = corev1.DefaultSchedulerName
	}
	if obj.ServiceAccountName == "" {
		obj.ServiceAccountName = obj.DeprecatedServiceAccount
	}
	obj.DeprecatedServiceAccount = obj.ServiceAccountName
}

// SetDefaults_PodStatus keeps podIP and podIPs consistent the way the
// upstream conversion round trip does (the internal type only has podIPs):
// podIP wins when both are set and disagree, and each fills the other when it
// is missing. hostIP/hostIPs are both internal fields upstream, so they are
// left for validation to compare.
func SetDefaults_PodStatus(obj *corev1.PodStatus) {
	if obj.PodIP != "" && (len(obj.PodIPs) == 0 || obj.PodIPs[0].IP != obj.PodIP) {
		obj.PodIPs = []corev1.PodIP{{IP: obj.PodIP}}
	}
	if len(obj.PodIPs) > 0 {
		obj.PodIP = obj.PodIPs[0].IP
	}
}

// SetDefaults_NodeSpec keeps podCIDR and podCIDRs consistent like the
// upstream conversion round trip: podCIDR wins when both are set and
// disagree, and each fills the other when it is missing.
func SetDefaults_NodeSpec(obj *corev1.NodeSpec) {
	if obj.PodCIDR != "" && (len(obj.PodCIDRs) == 0 || obj.PodCIDRs[0] != obj.PodCIDR) {
		obj.PodCIDRs = []string{obj.PodCIDR}
	}
	if len(obj.PodCIDRs) > 0 {
		obj.PodCIDR = obj.PodCIDRs[0]
	}
}

// SetDefaults_Probe defaults the probe timings and thresholds.
func SetDefaults_Probe(obj *corev1.Probe) {
	if obj.TimeoutSeconds == 0 {
		obj.TimeoutSeconds = 1
	}
	if obj.PeriodSeconds == 0 {
		obj.PeriodSeconds = 10
	}
	if obj.SuccessThreshold == 0 {
		obj.SuccessThreshold = 1
	}
	if obj.FailureThreshold == 0 {
		obj.FailureThreshold = 3
	}
}

// SetDefaults_SecretVolumeSource defaults defaultMode to 0644.
func SetDefaults_SecretVolumeSource(obj *corev1.SecretVolumeSource) {
	if obj.DefaultMode == nil {
		obj.DefaultMode = ptr.To(corev1.SecretVolumeSourceDefaultMode)
	}
}

// SetDefaults_ConfigMapVolumeSource defaults defaultMode to 0644.
func SetDefaults_ConfigMapVolumeSource(obj *corev1.ConfigMapVolumeSource) {
	if obj.DefaultMode == nil {
		obj.DefaultMode = ptr.To(corev1.ConfigMapVolumeSourceDefaultMode)
	}
}

// SetDefaults_DownwardAPIVolumeSource defaults defaultMode to 0644.
func SetDefaults_DownwardAPIVolumeSource(obj *corev1.DownwardAPIVolumeSource) {
	if obj.DefaultMode == nil {
		obj.DefaultMode = ptr.To(corev1.DownwardAPIVolumeSourceDefaultMode)
	}
}

// SetDefaults_ProjectedVolumeSource defaults defaultMode to 0644.
func SetDefaults_ProjectedVolumeSource(obj *corev1.ProjectedVolumeSource) {
	if obj.DefaultMode == nil {
		obj.DefaultMode = ptr.To(corev1.ProjectedVolumeSourceDefaultMode)
	}
}

// SetDefaults_Secret defaults the type to Opaque and folds stringData into
// data. The internal Secret type upstream has no stringData, so its
// conversion merges the entries (stringData wins) and they never persist.
func SetDefaults_Secret(obj *corev1.Secret) {
	if obj.Type == "" {
		obj.Type = corev1.SecretTypeOpaque
	}
	if len(obj.StringData) > 0 {
		if obj.Data == nil {
			obj.Data = make(map[string][]byte, len(obj.StringData))
		}
		for k, v := range obj.StringData {
			obj.Data[k] = []byte(v)
		}
	}
	obj.StringData = nil
}

// SetDefaults_ServiceAccountTokenProjection defaults the token lifetime to
// one hour.
func SetDefaults_ServiceAccountTokenProjection(obj *corev1.ServiceAccountTokenProjection) {
	if obj.ExpirationSeconds == nil {
		obj.ExpirationSeconds = ptr.To(int64(time.Hour / time.Second))
	}
}

// SetDefaults_PersistentVolume defaults the phase, reclaim policy and volume
// mode.
func SetDefaults_PersistentVolume(obj *corev1.PersistentVolume) {
	if obj.Status.Phase == "" {
		obj.Status.Phase = corev1.VolumePending
	}
	if obj.Spec.PersistentVolumeReclaimPolicy == "" {
		obj.Spec.PersistentVolumeReclaimPolicy = corev1.PersistentVolumeReclaimRetain
	}
	if obj.Spec.VolumeMode == nil {
		obj.Spec.VolumeMode = ptr.To(corev1.PersistentVolumeFilesystem)
	}
}

// SetDefaults_PersistentVolumeClaim defaults the phase to Pending.
func SetDefaults_PersistentVolumeClaim(obj *corev1.PersistentVolumeClaim) {
	if obj.Status.Phase == "" {
		obj.Status.Phase = corev1.ClaimPending
	}
}

// SetDefaults_PersistentVolumeClaimSpec defaults the volume mode to
// Filesystem, in claims and in ephemeral volume claim templates alike.
func SetDefaults_PersistentVolumeClaimSpec(obj *corev1.PersistentVolumeClaimSpec) {
	if obj.VolumeMode == nil {
		obj.VolumeMode = ptr.To(corev1.PersistentVolumeFilesystem)
	}
}

// SetDefaults_Endpoints defaults every port protocol to TCP.
func SetDefaults_Endpoints(obj *corev1.Endpoints) {
	for i := range obj.Subsets {
		for j := range obj.Subsets[i].Ports {
			port := &obj.Subsets[i].Ports[j]
			if port.Protocol == "" {
				port.Protocol = corev1.ProtocolTCP
			}
		}
	}
}

// SetDefaults_HTTPGetAction defaults the path to "/" and the scheme to HTTP.
func SetDefaults_HTTPGetAction(obj *corev1.HTTPGetAction) {
	if obj.Path == "" {
		obj.Path = "/"
	}
	if obj.Scheme == "" {
		obj.Scheme = corev1.URISchemeHTTP
	}
}

// SetDefaults_Namespace labels a named namespace with its own name so that
// namespace selectors can match it. Namespaces created with generateName are
// labelled once named, by the registry.
func SetDefaults_Namespace(obj *corev1.Namespace) {
	if obj.Name == "" {
		return
	}
	if obj.Labels == nil {
		obj.Labels = map[string]string{}
	}
	obj.Labels[corev1.LabelMetadataName] = obj.Name
}

// SetDefaults_NamespaceStatus defaults the phase to Active.
func SetDefaults_NamespaceStatus(obj *corev1.NamespaceStatus) {
	if obj.Phase == "" {
		obj.Phase = corev1.NamespaceActive
	}
}

// SetDefaults_NodeStatus defaults allocatable to capacity.
func SetDefaults_NodeStatus(obj *corev1.NodeStatus) {
	if obj.Allocatable == nil && obj.Capacity != nil {
		obj.Allocatable = obj.Capacity.DeepCopy()
	}
}

// SetDefaults_ObjectFieldSelector defaults the field selector's apiVersion to
// v1.
func SetDefaults_ObjectFieldSelector(obj *corev1.ObjectFieldSelector) {
	if obj.APIVersion == "" {
		obj.APIVersion = "v1"
	}
}

// SetDefaults_LimitRangeItem fills a Container item's default limits from max,
// and its default requests from the default limits, then from min.
func SetDefaults_LimitRangeItem(obj *corev1.LimitRangeItem) {
	if obj.Type != corev1.LimitTypeContainer {
		return
	}
	if obj.Default == nil {
		obj.Default = make(corev1.ResourceList)
	}
	if obj.DefaultRequest == nil {
		obj.DefaultRequest = make(corev1.ResourceList)
	}
	fillMissing(obj.Default, obj.Max)
	fillMissing(obj.DefaultRequest, obj.Default)
	fillMissing(obj.DefaultRequest, obj.Min)
}

func fillMissing(dst, src corev1.ResourceList) {
	for name, quantity := range src {
		if _, ok := dst[name]; !ok {
			dst[name] = quantity.DeepCopy()
		}
	}
}

// SetDefaults_ConfigMap makes data an empty map when it is nil.
func SetDefaults_ConfigMap(obj *corev1.ConfigMap) {
	if obj.Data == nil {
		obj.Data = make(map[string]string)
	}
}

// SetDefaults_HostPathVolumeSource defaults the type to "" (no checks).
func SetDefaults_HostPathVolumeSource(obj *corev1.HostPathVolumeSource) {
	if obj.Type == nil {
		obj.Type = ptr.To(corev1.HostPathUnset)
	}
}

// defaultPullPolicy is Always for images whose effective tag is "latest"
// (including no tag and no digest) and IfNotPresent otherwise, including for
// references that do not parse.
func defaultPullPolicy(image string) corev1.PullPolicy {
	if tag, ok := imageTag(image); ok && tag == "latest" {
		return corev1.PullAlways
	}
	return corev1.PullIfNotPresent
}

// The image reference grammar below is the one container runtimes and
// kube-apiserver accept (github.com/distribution/reference).
const (
	refAlphaNumeric   = `[a-z0-9]+`
	refSeparator      = `(?:[._]|__|[-]+)`
	refPathComponent  = refAlphaNumeric + `(?:` + refSeparator + refAlphaNumeric + `)*`
	refDomainLabel    = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	refDomainName     = refDomainLabel + `(?:\.` + refDomainLabel + `)*`
	refIPv6           = `\[(?:[a-fA-F0-9:]+)\]`
	refDomainAndPort  = `(?:` + refDomainName + `|` + refIPv6 + `)(?::[0-9]+)?`
	refName           = `(?:` + refDomainAndPort + `/)?` + refPathComponent + `(?:/` + refPathComponent + `)*`
	refTag            = `[\w][\w.-]{0,127}`
	refDigest         = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
	refNameMaxLength  = 255
	defaultRegistry   = "docker.io"
	legacyRegistry    = "index.docker.io"
	officialRepoScope = "library/"
)

var (
	referenceRegexp  = regexp.MustCompile(`^(` + refName + `)(?::(` + refTag + `))?(?:@(` + refDigest + `))?$`)
	imageIDRegexp    = regexp.MustCompile(`^[a-f0-9]{64}$`)
	digestHexRegexp  = regexp.MustCompile(`^[a-f0-9]+$`)
	digestHexLengths = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}
)

// imageTag returns the tag a reference resolves to after docker.io
// normalization, "latest" when it names neither a tag nor a digest, and false
// when the reference is invalid.
func imageTag(image string) (string, bool) {
	if imageIDRegexp.MatchString(image) {
		return "", false
	}
	domain, remainder := defaultRegistry, image
	if i := strings.IndexByte(image, '/'); i >= 0 {
		first := image[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" || strings.ToLower(first) != first {
			domain, remainder = first, image[i+1:]
		}
	}
	if domain == legacyRegistry {
		domain = defaultRegistry
	}
	if domain == defaultRegistry && !strings.Contains(remainder, "/") {
		remainder = officialRepoScope + remainder
	}

	m := referenceRegexp.FindStringSubmatch(domain + "/" + remainder)
	if m == nil || len(m[1]) > refNameMaxLength {
		return "", false
	}
	tag, digest := m[2], m[3]
	if digest != "" {
		algorithm, hex, _ := strings.Cut(digest, ":")
		if n, ok := digestHexLengths[algorithm]; !ok || len(hex) != n || !digestHexRegexp.MatchString(hex) {
			return "", false
		}
	}
	if tag == "" && digest == "" {
		tag = "latest"
	}
	return tag, true
}
