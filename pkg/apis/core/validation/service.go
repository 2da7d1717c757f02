package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"
)

// maxClientIPServiceAffinitySeconds is one day, the longest sticky session.
const maxClientIPServiceAffinitySeconds = 86400

var supportedSessionAffinityType = sets.New(corev1.ServiceAffinityClientIP, corev1.ServiceAffinityNone)

var supportedServiceType = sets.New(corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort,
	corev1.ServiceTypeLoadBalancer, corev1.ServiceTypeExternalName)

var supportedServiceInternalTrafficPolicy = sets.New(corev1.ServiceInternalTrafficPolicyCluster, corev1.ServiceInternalTrafficPolicyLocal)

var supportedServiceIPFamily = sets.New(corev1.IPv4Protocol, corev1.IPv6Protocol)

var supportedServiceIPFamilyPolicy = sets.New(
	corev1.IPFamilyPolicySingleStack,
	corev1.IPFamilyPolicyPreferDualStack,
	corev1.IPFamilyPolicyRequireDualStack)

var validExternalTrafficPolicies = sets.New(corev1.ServiceExternalTrafficPolicyCluster, corev1.ServiceExternalTrafficPolicyLocal)

var supportedLoadBalancerIPMode = sets.New(corev1.LoadBalancerIPModeVIP, corev1.LoadBalancerIPModeProxy)

var supportedTrafficDistributions = sets.New(
	corev1.ServiceTrafficDistributionPreferClose,
	corev1.ServiceTrafficDistributionPreferSameZone,
	corev1.ServiceTrafficDistributionPreferSameNode)

// servicePortKey has the Go field names and order of upstream's internal
// ServicePort, so a duplicate port renders the way kube-apiserver prints it.
type servicePortKey struct {
	Name        string
	Protocol    corev1.Protocol
	AppProtocol *string
	Port        int32
	TargetPort  intstr.IntOrString
	NodePort    int32
}

// ValidateService validates a Service on create. Like upstream, it expects
// clusterIP and clusterIPs to have been reconciled and IP families
// allocated before it runs.
func ValidateService(svc *corev1.Service) field.ErrorList {
	metaPath := field.NewPath("metadata")
	allErrs := validateObjectMeta(&svc.ObjectMeta, true, validateServiceName, metaPath)

	hintsVal, hintsSet := svc.Annotations[corev1.DeprecatedAnnotationTopologyAwareHints]
	modeVal, modeSet := svc.Annotations[corev1.AnnotationTopologyMode]
	if modeSet && hintsSet && modeVal != hintsVal {
		allErrs = append(allErrs, field.Invalid(metaPath.Child("annotations").Key(corev1.AnnotationTopologyMode), modeVal,
			fmt.Sprintf("must match annotations[%s] when both are specified", corev1.DeprecatedAnnotationTopologyAwareHints)))
	}

	specPath := field.NewPath("spec")
	headless := isHeadlessService(svc)
	if len(svc.Spec.Ports) == 0 && !headless && svc.Spec.Type != corev1.ServiceTypeExternalName {
		allErrs = append(allErrs, field.Required(specPath.Child("ports"), ""))
	}
	switch svc.Spec.Type {
	case corev1.ServiceTypeLoadBalancer:
		if headless {
			allErrs = append(allErrs, field.Invalid(specPath.Child("clusterIPs").Index(0), svc.Spec.ClusterIPs[0], "may not be set to 'None' for LoadBalancer services"))
		}
	case corev1.ServiceTypeNodePort:
		if headless {
			allErrs = append(allErrs, field.Invalid(specPath.Child("clusterIPs").Index(0), svc.Spec.ClusterIPs[0], "may not be set to 'None' for NodePort services"))
		}
	case corev1.ServiceTypeExternalName:
		if len(svc.Spec.ClusterIPs) > 0 {
			allErrs = append(allErrs, field.Forbidden(specPath.Child("clusterIPs"), "may not be set for ExternalName services"))
		}
		if len(svc.Spec.IPFamilies) > 0 {
			allErrs = append(allErrs, field.Forbidden(specPath.Child("ipFamilies"), "may not be set for ExternalName services"))
		}
		if svc.Spec.IPFamilyPolicy != nil {
			allErrs = append(allErrs, field.Forbidden(specPath.Child("ipFamilyPolicy"), "may not be set for ExternalName services"))
		}
		// A trailing dot marks the name as fully qualified.
		if cname := strings.TrimSuffix(svc.Spec.ExternalName, "."); len(cname) > 0 {
			allErrs = append(allErrs, validateDNS1123Subdomain(cname, specPath.Child("externalName"))...)
		} else {
			allErrs = append(allErrs, field.Required(specPath.Child("externalName"), ""))
		}
	}

	allPortNames := sets.Set[string]{}
	portsPath := specPath.Child("ports")
	for i := range svc.Spec.Ports {
		allErrs = append(allErrs, validateServicePort(&svc.Spec.Ports[i], len(svc.Spec.Ports) > 1, allPortNames, portsPath.Index(i))...)
	}

	if svc.Spec.Selector != nil {
		allErrs = append(allErrs, metav1validation.ValidateLabels(svc.Spec.Selector, specPath.Child("selector"))...)
	}

	if len(svc.Spec.SessionAffinity) == 0 {
		allErrs = append(allErrs, field.Required(specPath.Child("sessionAffinity"), ""))
	} else if !supportedSessionAffinityType.Has(svc.Spec.SessionAffinity) {
		allErrs = append(allErrs, field.NotSupported(specPath.Child("sessionAffinity"), svc.Spec.SessionAffinity, sets.List(supportedSessionAffinityType)))
	}
	switch svc.Spec.SessionAffinity {
	case corev1.ServiceAffinityClientIP:
		allErrs = append(allErrs, validateClientIPAffinityConfig(svc.Spec.SessionAffinityConfig, specPath.Child("sessionAffinityConfig"))...)
	case corev1.ServiceAffinityNone:
		if svc.Spec.SessionAffinityConfig != nil {
			allErrs = append(allErrs, field.Forbidden(specPath.Child("sessionAffinityConfig"), fmt.Sprintf("must not be set when session affinity is %s", corev1.ServiceAffinityNone)))
		}
	}

	allErrs = append(allErrs, validateServiceClusterIPsRelatedFields(svc)...)

	for i, ip := range svc.Spec.ExternalIPs {
		idxPath := specPath.Child("externalIPs").Index(i)
		if errs := validation.IsValidIP(idxPath, ip); len(errs) != 0 {
			allErrs = append(allErrs, errs...)
		} else {
			allErrs = append(allErrs, validateNonSpecialIP(ip, idxPath)...)
		}
	}

	if len(svc.Spec.Type) == 0 {
		allErrs = append(allErrs, field.Required(specPath.Child("type"), ""))
	} else if !supportedServiceType.Has(svc.Spec.Type) {
		allErrs = append(allErrs, field.NotSupported(specPath.Child("type"), svc.Spec.Type, sets.List(supportedServiceType)))
	}

	if svc.Spec.Type == corev1.ServiceTypeClusterIP {
		for i := range svc.Spec.Ports {
			if svc.Spec.Ports[i].NodePort != 0 {
				allErrs = append(allErrs, field.Forbidden(portsPath.Index(i).Child("nodePort"), "may not be used when `type` is 'ClusterIP'"))
			}
		}
	}

	// Node ports and ports must each be unique per protocol.
	nodePorts := sets.Set[servicePortKey]{}
	for i := range svc.Spec.Ports {
		port := &svc.Spec.Ports[i]
		if port.NodePort == 0 {
			continue
		}
		key := servicePortKey{Protocol: port.Protocol, NodePort: port.NodePort}
		if nodePorts.Has(key) {
			allErrs = append(allErrs, field.Duplicate(portsPath.Index(i).Child("nodePort"), port.NodePort))
		}
		nodePorts.Insert(key)
	}
	ports := sets.Set[servicePortKey]{}
	for i, port := range svc.Spec.Ports {
		key := servicePortKey{Protocol: port.Protocol, Port: port.Port}
		if ports.Has(key) {
			allErrs = append(allErrs, field.Duplicate(portsPath.Index(i), internalShape{key}))
		}
		ports.Insert(key)
	}

	if len(svc.Spec.LoadBalancerSourceRanges) > 0 {
		// The capitalised path is upstream's.
		rangesPath := specPath.Child("LoadBalancerSourceRanges")
		if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
			allErrs = append(allErrs, field.Forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"))
		}
		for i, value := range svc.Spec.LoadBalancerSourceRanges {
			// Space padding has been tolerated since the annotation era.
			allErrs = append(allErrs, validation.IsValidCIDR(rangesPath.Index(i), strings.TrimSpace(value))...)
		}
	} else if val, ok := svc.Annotations[corev1.AnnotationLoadBalancerSourceRangesKey]; ok {
		annotationPath := field.NewPath("metadata", "annotations").Key(corev1.AnnotationLoadBalancerSourceRangesKey)
		if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
			allErrs = append(allErrs, field.Forbidden(annotationPath, "may only be used when `type` is 'LoadBalancer'"))
		}
		if val = strings.TrimSpace(val); val != "" {
			for _, value := range strings.Split(val, ",") {
				allErrs = append(allErrs, validation.IsValidCIDR(annotationPath, strings.TrimSpace(value))...)
			}
		}
	}

	if svc.Spec.AllocateLoadBalancerNodePorts != nil && svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
		allErrs = append(allErrs, field.Forbidden(specPath.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
	}
	if svc.Spec.Type == corev1.ServiceTypeLoadBalancer && svc.Spec.AllocateLoadBalancerNodePorts == nil {
		// Upstream reports this without the spec prefix.
		allErrs = append(allErrs, field.Required(field.NewPath("allocateLoadBalancerNodePorts"), ""))
	}

	allErrs = append(allErrs, validateLoadBalancerClassField(nil, svc)...)
	allErrs = append(allErrs, validateServiceExternalTrafficPolicy(svc)...)
	allErrs = append(allErrs, validateServiceInternalTrafficPolicy(svc)...)
	if td := svc.Spec.TrafficDistribution; td != nil && !supportedTrafficDistributions.Has(*td) {
		allErrs = append(allErrs, field.NotSupported(specPath.Child("trafficDistribution"), *td, []string{
			corev1.ServiceTrafficDistributionPreferClose,
			corev1.ServiceTrafficDistributionPreferSameZone,
			corev1.ServiceTrafficDistributionPreferSameNode,
		}))
	}
	return allErrs
}

// ValidateServiceUpdate validates an update of a Service. Cluster IPs and
// IP families may be added or released for dual-stack but never changed,
// unless the service moves to or from ExternalName.
func ValidateServiceUpdate(newSvc, oldSvc *corev1.Service) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newSvc.ObjectMeta, &oldSvc.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validateUpgradeDowngradeClusterIPs(oldSvc, newSvc)...)
	allErrs = append(allErrs, validateUpgradeDowngradeIPFamilies(oldSvc, newSvc)...)
	allErrs = append(allErrs, validateLoadBalancerClassField(oldSvc, newSvc)...)
	if needsHealthCheck(oldSvc) && needsHealthCheck(newSvc) && newSvc.Spec.HealthCheckNodePort != oldSvc.Spec.HealthCheckNodePort {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "healthCheckNodePort"), "field is immutable"))
	}
	return append(allErrs, ValidateService(newSvc)...)
}

// ValidateServiceStatusUpdate validates an update through the status
// subresource.
func ValidateServiceStatusUpdate(newSvc, oldSvc *corev1.Service) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newSvc.ObjectMeta, &oldSvc.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, validateLoadBalancerStatus(&newSvc.Status.LoadBalancer, field.NewPath("status", "loadBalancer"), &newSvc.Spec)...)
}

func validateServicePort(sp *corev1.ServicePort, requireName bool, allNames sets.Set[string], fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if requireName && len(sp.Name) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	} else if len(sp.Name) != 0 {
		allErrs = append(allErrs, validateDNS1123Label(sp.Name, fldPath.Child("name"))...)
		if allNames.Has(sp.Name) {
			allErrs = append(allErrs, field.Duplicate(fldPath.Child("name"), sp.Name))
		} else {
			allNames.Insert(sp.Name)
		}
	}
	for _, msg := range validation.IsValidPortNum(int(sp.Port)) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("port"), sp.Port, msg))
	}
	if len(sp.Protocol) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("protocol"), ""))
	} else {
		allErrs = append(allErrs, validatePortProtocol(sp.Protocol, fldPath.Child("protocol"))...)
	}
	allErrs = append(allErrs, validatePortNumOrName(sp.TargetPort, fldPath.Child("targetPort"))...)
	if sp.AppProtocol != nil {
		allErrs = append(allErrs, validateQualifiedName(*sp.AppProtocol, fldPath.Child("appProtocol"))...)
	}
	return allErrs
}

func validateClientIPAffinityConfig(config *corev1.SessionAffinityConfig, fldPath *field.Path) field.ErrorList {
	detail := fmt.Sprintf("when session affinity type is %s", corev1.ServiceAffinityClientIP)
	if config == nil {
		return field.ErrorList{field.Required(fldPath, detail)}
	}
	if config.ClientIP == nil {
		return field.ErrorList{field.Required(fldPath.Child("clientIP"), detail)}
	}
	timeoutPath := fldPath.Child("clientIP").Child("timeoutSeconds")
	if config.ClientIP.TimeoutSeconds == nil {
		return field.ErrorList{field.Required(timeoutPath, detail)}
	}
	if timeout := config.ClientIP.TimeoutSeconds; *timeout <= 0 || *timeout > maxClientIPServiceAffinitySeconds {
		return field.ErrorList{field.Invalid(timeoutPath, timeout, fmt.Sprintf("must be greater than 0 and less than %d", maxClientIPServiceAffinitySeconds))}
	}
	return nil
}

func isHeadlessService(svc *corev1.Service) bool {
	return len(svc.Spec.ClusterIPs) == 1 && svc.Spec.ClusterIPs[0] == corev1.ClusterIPNone
}

// externallyAccessible is true for services reachable from outside the
// cluster, which are the ones an external traffic policy applies to.
func externallyAccessible(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeLoadBalancer ||
		svc.Spec.Type == corev1.ServiceTypeNodePort ||
		(svc.Spec.Type == corev1.ServiceTypeClusterIP && len(svc.Spec.ExternalIPs) > 0)
}

func needsHealthCheck(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeLoadBalancer && svc.Spec.ExternalTrafficPolicy == corev1.ServiceExternalTrafficPolicyLocal
}

func validateServiceExternalTrafficPolicy(svc *corev1.Service) field.ErrorList {
	var allErrs field.ErrorList
	specPath := field.NewPath("spec")
	policyPath := specPath.Child("externalTrafficPolicy")
	if !externallyAccessible(svc) {
		if svc.Spec.ExternalTrafficPolicy != "" {
			allErrs = append(allErrs, field.Invalid(policyPath, svc.Spec.ExternalTrafficPolicy, "may only be set for externally-accessible services"))
		}
	} else if svc.Spec.ExternalTrafficPolicy == "" {
		allErrs = append(allErrs, field.Required(policyPath, ""))
	} else if !validExternalTrafficPolicies.Has(svc.Spec.ExternalTrafficPolicy) {
		allErrs = append(allErrs, field.NotSupported(policyPath, svc.Spec.ExternalTrafficPolicy, sets.List(validExternalTrafficPolicies)))
	}

	hcPath := specPath.Child("healthCheckNodePort")
	if !needsHealthCheck(svc) {
		if svc.Spec.HealthCheckNodePort != 0 {
			allErrs = append(allErrs, field.Invalid(hcPath, svc.Spec.HealthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
		}
	} else if svc.Spec.HealthCheckNodePort == 0 {
		allErrs = append(allErrs, field.Required(hcPath, ""))
	} else {
		for _, msg := range validation.IsValidPortNum(int(svc.Spec.HealthCheckNodePort)) {
			allErrs = append(allErrs, field.Invalid(hcPath, svc.Spec.HealthCheckNodePort, msg))
		}
	}
	return allErrs
}

// validateServiceInternalTrafficPolicy requires the (defaulted) policy for
// the types that had it when it went beta; ExternalName is left alone so
// objects stored before then stay valid.
func validateServiceInternalTrafficPolicy(svc *corev1.Service) field.ErrorList {
	policyPath := field.NewPath("spec").Child("internalTrafficPolicy")
	policy := svc.Spec.InternalTrafficPolicy
	if policy == nil {
		if svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer || svc.Spec.Type == corev1.ServiceTypeClusterIP {
			return field.ErrorList{field.Required(policyPath, "")}
		}
		return nil
	}
	if !supportedServiceInternalTrafficPolicy.Has(*policy) {
		return field.ErrorList{field.NotSupported(policyPath, *policy, sets.List(supportedServiceInternalTrafficPolicy))}
	}
	return nil
}

func validateLoadBalancerClassField(oldSvc, svc *corev1.Service) field.ErrorList {
	var allErrs field.ErrorList
	classPath := field.NewPath("spec", "loadBalancerClass")
	isLB := svc.Spec.Type == corev1.ServiceTypeLoadBalancer
	if oldSvc != nil && oldSvc.Spec.Type == corev1.ServiceTypeLoadBalancer && isLB && !sameLoadBalancerClass(oldSvc, svc) {
		allErrs = append(allErrs, field.Invalid(classPath, svc.Spec.LoadBalancerClass, "may not change once set"))
	}
	if svc.Spec.LoadBalancerClass != nil {
		if isLB {
			allErrs = append(allErrs, validateQualifiedName(*svc.Spec.LoadBalancerClass, classPath)...)
		} else {
			allErrs = append(allErrs, field.Forbidden(classPath, "may only be used when `type` is 'LoadBalancer'"))
		}
	}
	return allErrs
}

func sameLoadBalancerClass(oldSvc, svc *corev1.Service) bool {
	if oldSvc.Spec.LoadBalancerClass == nil || svc.Spec.LoadBalancerClass == nil {
		return oldSvc.Spec.LoadBalancerClass == nil && svc.Spec.LoadBalancerClass == nil
	}
	return *oldSvc.Spec.LoadBalancerClass == *svc.Spec.LoadBalancerClass
}

// validateServiceClusterIPsRelatedFields checks clusterIP, clusterIPs,
// ipFamilies and ipFamilyPolicy against each other.
func validateServiceClusterIPsRelatedFields(svc *corev1.Service) field.ErrorList {
	// ExternalName services were already required to leave these unset.
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil
	}
	var allErrs field.ErrorList
	hasInvalidIPs := false
	specPath := field.NewPath("spec")
	clusterIPsPath := specPath.Child("clusterIPs")
	ipFamiliesPath := specPath.Child("ipFamilies")

	if len(svc.Spec.ClusterIP) != 0 {
		if len(svc.Spec.ClusterIPs) == 0 {
			allErrs = append(allErrs, field.Required(clusterIPsPath, ""))
		} else if svc.Spec.ClusterIPs[0] != svc.Spec.ClusterIP {
			allErrs = append(allErrs, field.Invalid(clusterIPsPath, svc.Spec.ClusterIPs, "first value must match `clusterIP`"))
		}
	} else if len(svc.Spec.ClusterIPs) != 0 {
		allErrs = append(allErrs, field.Invalid(clusterIPsPath, svc.Spec.ClusterIPs, "must be empty when `clusterIP` is not specified"))
	}

	seen := sets.Set[corev1.IPFamily]{}
	for i, family := range svc.Spec.IPFamilies {
		if !supportedServiceIPFamily.Has(family) {
			allErrs = append(allErrs, field.NotSupported(ipFamiliesPath.Index(i), family, sets.List(supportedServiceIPFamily)))
		}
		if seen.Has(family) {
			allErrs = append(allErrs, field.Duplicate(ipFamiliesPath.Index(i), family))
		}
		seen.Insert(family)
	}

	if p := svc.Spec.IPFamilyPolicy; p != nil && !supportedServiceIPFamilyPolicy.Has(*p) {
		allErrs = append(allErrs, field.NotSupported(specPath.Child("ipFamilyPolicy"), p, sets.List(supportedServiceIPFamilyPolicy)))
	}

	for i, clusterIP := range svc.Spec.ClusterIPs {
		// "None" is only valid alone.
		if i == 0 && clusterIP == corev1.ClusterIPNone {
			if len(svc.Spec.ClusterIPs) > 1 {
				hasInvalidIPs = true
				allErrs = append(allErrs, field.Invalid(clusterIPsPath, svc.Spec.ClusterIPs, "'None' must be the first and only value"))
			}
			continue
		}
		errs := validation.IsValidIP(clusterIPsPath.Index(i), clusterIP)
		hasInvalidIPs = hasInvalidIPs || len(errs) != 0
		allErrs = append(allErrs, errs...)
	}
	if len(svc.Spec.ClusterIPs) > 2 {
		allErrs = append(allErrs, field.Invalid(clusterIPsPath, svc.Spec.ClusterIPs, "may only hold up to 2 values"))
	}
	// Further checks would only repeat what bad IPs already say.
	if hasInvalidIPs {
		return allErrs
	}
	// Not validateDualStackIPs: more than two clusterIPs were reported above with their own
	// message, and upstream does not add "no more than one IP for each IP family" for them too.
	if len(svc.Spec.ClusterIPs) > 1 {
		dualStack, err := netutils.IsDualStackIPStrings(svc.Spec.ClusterIPs)
		if err != nil {
			allErrs = append(allErrs, field.InternalError(clusterIPsPath, fmt.Errorf("failed to check for dual stack with error:%v", err)))
		}
		if !dualStack {
			allErrs = append(allErrs, field.Invalid(clusterIPsPath, svc.Spec.ClusterIPs, "may specify no more than one IP for each IP family"))
		}
	}
	if !isHeadlessService(svc) && len(svc.Spec.ClusterIPs) > 0 && len(svc.Spec.IPFamilies) > 0 {
		for i, ip := range svc.Spec.ClusterIPs {
			if i > len(svc.Spec.IPFamilies)-1 {
				break
			}
			if svc.Spec.IPFamilies[i] == corev1.IPv4Protocol && netutils.IsIPv6String(ip) {
				allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(i), ip, fmt.Sprintf("expected an IPv4 value as indicated by `ipFamilies[%v]`", i)))
			}
			if svc.Spec.IPFamilies[i] == corev1.IPv6Protocol && !netutils.IsIPv6String(ip) {
				allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(i), ip, fmt.Sprintf("expected an IPv6 value as indicated by `ipFamilies[%v]`", i)))
			}
		}
	}
	return allErrs
}

// validateUpgradeDowngradeClusterIPs lets a service gain or drop its
// secondary cluster IP while the primary stays fixed.
func validateUpgradeDowngradeClusterIPs(oldSvc, svc *corev1.Service) field.ErrorList {
	if svc.Spec.Type == corev1.ServiceTypeExternalName || oldSvc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil
	}
	if isHeadlessService(oldSvc) && isHeadlessService(svc) {
		return nil
	}
	var allErrs field.ErrorList
	clusterIPsPath := field.NewPath("spec", "clusterIPs")
	oldIPs, newIPs := oldSvc.Spec.ClusterIPs, svc.Spec.ClusterIPs
	switch {
	case len(oldIPs) == len(newIPs):
		for i, ip := range oldIPs {
			if ip != newIPs[i] {
				allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(i), newIPs, "may not change once set"))
			}
		}
	case len(oldIPs) > len(newIPs):
		if len(newIPs) == 0 {
			allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(0), newIPs, "primary clusterIP can not be unset"))
		}
		if len(oldIPs) > 0 && len(newIPs) > 0 && newIPs[0] != oldIPs[0] {
			allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(0), newIPs, "may not change once set"))
		}
		if len(newIPs) == 1 && (svc.Spec.IPFamilyPolicy == nil || *svc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicySingleStack) {
			allErrs = append(allErrs, field.Invalid(field.NewPath("spec", "ipFamilyPolicy"), svc.Spec.IPFamilyPolicy, "must be set to 'SingleStack' when releasing the secondary clusterIP"))
		}
	default:
		if len(oldIPs) > 0 && newIPs[0] != oldIPs[0] {
			allErrs = append(allErrs, field.Invalid(clusterIPsPath.Index(0), newIPs, "may not change once set"))
		}
	}
	return allErrs
}

// validateUpgradeDowngradeIPFamilies mirrors the cluster IP rule for IP
// families. Upstream reports some of these with clusterIPs as the value.
func validateUpgradeDowngradeIPFamilies(oldSvc, svc *corev1.Service) field.ErrorList {
	if svc.Spec.Type == corev1.ServiceTypeExternalName || oldSvc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil
	}
	oldHeadless, newHeadless := isHeadlessService(oldSvc), isHeadlessService(svc)
	if newHeadless != oldHeadless || newHeadless {
		return nil
	}
	var allErrs field.ErrorList
	familiesPath := field.NewPath("spec", "ipFamilies")
	oldFamilies, newFamilies := oldSvc.Spec.IPFamilies, svc.Spec.IPFamilies
	switch {
	case len(oldFamilies) == len(newFamilies):
		for i, family := range oldFamilies {
			if family != newFamilies[i] {
				allErrs = append(allErrs, field.Invalid(familiesPath.Index(0), newFamilies, "may not change once set"))
			}
		}
	case len(oldFamilies) > len(newFamilies):
		if len(svc.Spec.ClusterIPs) == 0 {
			allErrs = append(allErrs, field.Invalid(familiesPath.Index(0), newFamilies, "primary ipFamily can not be unset"))
		}
		if len(newFamilies) > 0 && newFamilies[0] != oldFamilies[0] {
			allErrs = append(allErrs, field.Invalid(familiesPath.Index(0), svc.Spec.ClusterIPs, "may not change once set"))
		}
		if len(newFamilies) == 1 && (svc.Spec.IPFamilyPolicy == nil || *svc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicySingleStack) {
			allErrs = append(allErrs, field.Invalid(field.NewPath("spec", "ipFamilyPolicy"), svc.Spec.IPFamilyPolicy, "must be set to 'SingleStack' when releasing the secondary ipFamily"))
		}
	default:
		if len(oldFamilies) > 0 && len(newFamilies) > 0 && newFamilies[0] != oldFamilies[0] {
			allErrs = append(allErrs, field.Invalid(familiesPath.Index(0), svc.Spec.ClusterIPs, "may not change once set"))
		}
	}
	return allErrs
}

// validateNonSpecialIP rejects addresses that make no sense as external
// IPs: unspecified, loopback and link-local.
func validateNonSpecialIP(ipAddress string, fldPath *field.Path) field.ErrorList {
	ip := netutils.ParseIPSloppy(ipAddress)
	if ip == nil {
		return field.ErrorList{field.Invalid(fldPath, ipAddress, "must be a valid IP address")}
	}
	var allErrs field.ErrorList
	if ip.IsUnspecified() {
		allErrs = append(allErrs, field.Invalid(fldPath, ipAddress, fmt.Sprintf("may not be unspecified (%v)", ipAddress)))
	}
	if ip.IsLoopback() {
		allErrs = append(allErrs, field.Invalid(fldPath, ipAddress, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
	}
	if ip.IsLinkLocalUnicast() {
		allErrs = append(allErrs, field.Invalid(fldPath, ipAddress, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
	}
	if ip.IsLinkLocalMulticast() {
		allErrs = append(allErrs, field.Invalid(fldPath, ipAddress, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"))
	}
	return allErrs
}

// validateLoadBalancerStatus allows ingress points only on LoadBalancer
// services, each with a valid IP (and its mode) or DNS name.
func validateLoadBalancerStatus(status *corev1.LoadBalancerStatus, fldPath *field.Path, spec *corev1.ServiceSpec) field.ErrorList {
	ingressPath := fldPath.Child("ingress")
	if spec.Type != corev1.ServiceTypeLoadBalancer && len(status.Ingress) != 0 {
		return field.ErrorList{field.Forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'")}
	}
	var allErrs field.ErrorList
	for i, ingress := range status.Ingress {
		idxPath := ingressPath.Index(i)
		if len(ingress.IP) > 0 {
			allErrs = append(allErrs, validation.IsValidIP(idxPath.Child("ip"), ingress.IP)...)
		}
		switch {
		case ingress.IPMode == nil:
			if len(ingress.IP) > 0 {
				allErrs = append(allErrs, field.Required(idxPath.Child("ipMode"), "must be specified when `ip` is set"))
			}
		case len(ingress.IP) == 0:
			allErrs = append(allErrs, field.Forbidden(idxPath.Child("ipMode"), "may not be specified when `ip` is not set"))
		case !supportedLoadBalancerIPMode.Has(*ingress.IPMode):
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("ipMode"), ingress.IPMode, sets.List(supportedLoadBalancerIPMode)))
		}
		if len(ingress.Hostname) > 0 {
			allErrs = append(allErrs, validateDNS1123Subdomain(ingress.Hostname, idxPath.Child("hostname"))...)
			if netutils.ParseIPSloppy(ingress.Hostname) != nil {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("hostname"), ingress.Hostname, "must be a DNS name, not an IP address"))
			}
		}
	}
	return allErrs
}

// validateDualStackIPs allows at most one IP per family.
func validateDualStackIPs(fldPath *field.Path, ips []string, badValue interface{}) field.ErrorList {
	var allErrs field.ErrorList
	dualStack, err := netutils.IsDualStackIPStrings(ips)
	if err != nil {
		allErrs = append(allErrs, field.InternalError(fldPath, fmt.Errorf("failed to check for dual stack with error:%v", err)))
	}
	if !dualStack || len(ips) > 2 {
		allErrs = append(allErrs, field.Invalid(fldPath, badValue, "may specify no more than one IP for each IP family"))
	}
	return allErrs
}
