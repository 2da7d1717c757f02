package validation

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var (
	supportedPolicyProtocols = []string{string(corev1.ProtocolTCP), string(corev1.ProtocolUDP), string(corev1.ProtocolSCTP)}
	supportedPolicyTypes     = []string{string(networkingv1.PolicyTypeIngress), string(networkingv1.PolicyTypeEgress)}
)

// ValidateNetworkPolicyName is the NetworkPolicy name rule: a DNS subdomain.
var ValidateNetworkPolicyName = apimachineryvalidation.NameIsDNSSubdomain

// networkPolicyOptions keep a stored policy updatable when it breaks rules an older server did not
// have: a pod selector with an invalid label value, or CIDRs that are no longer accepted.
type networkPolicyOptions struct {
	selector metav1validation.LabelSelectorValidationOptions
	oldCIDRs []string
}

// ValidateNetworkPolicy checks a new NetworkPolicy.
func ValidateNetworkPolicy(np *networkingv1.NetworkPolicy) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&np.ObjectMeta, true, ValidateNetworkPolicyName, metadataPath)
	return append(allErrs, validateNetworkPolicySpec(&np.Spec, networkPolicyOptions{})...)
}

// ValidateNetworkPolicyUpdate checks an updated NetworkPolicy. As upstream does, the spec is checked
// twice, once with only the selector ratchet and once also allowing the stored policy's CIDRs, so an
// error in a new part of the spec may be reported twice.
func ValidateNetworkPolicyUpdate(np, oldNP *networkingv1.NetworkPolicy) field.ErrorList {
	opts := networkPolicyOptions{selector: metav1validation.LabelSelectorValidationOptions{
		AllowInvalidLabelValueInSelector: len(metav1validation.ValidateLabelSelector(&oldNP.Spec.PodSelector, metav1validation.LabelSelectorValidationOptions{}, nil)) > 0,
	}}
	allErrs := corevalidation.ValidateObjectMeta(&np.ObjectMeta, true, ValidateNetworkPolicyName, metadataPath)
	allErrs = append(allErrs, validateNetworkPolicySpec(&np.Spec, opts)...)
	opts.oldCIDRs = policyCIDRs(oldNP)
	allErrs = append(allErrs, corevalidation.ValidateObjectMetaUpdate(&np.ObjectMeta, &oldNP.ObjectMeta, metadataPath)...)
	return append(allErrs, validateNetworkPolicySpec(&np.Spec, opts)...)
}

func policyCIDRs(np *networkingv1.NetworkPolicy) []string {
	var peers []networkingv1.NetworkPolicyPeer
	for _, rule := range np.Spec.Ingress {
		peers = append(peers, rule.From...)
	}
	for _, rule := range np.Spec.Egress {
		peers = append(peers, rule.To...)
	}
	var cidrs []string
	for _, peer := range peers {
		if peer.IPBlock != nil {
			cidrs = append(cidrs, peer.IPBlock.CIDR)
			cidrs = append(cidrs, peer.IPBlock.Except...)
		}
	}
	return cidrs
}

func validateNetworkPolicySpec(spec *networkingv1.NetworkPolicySpec, opts networkPolicyOptions) field.ErrorList {
	allErrs := metav1validation.ValidateLabelSelector(&spec.PodSelector, opts.selector, specPath.Child("podSelector"))
	for i, rule := range spec.Ingress {
		rulePath := specPath.Child("ingress").Index(i)
		allErrs = append(allErrs, validateNetworkPolicyPorts(rule.Ports, rulePath.Child("ports"))...)
		allErrs = append(allErrs, validateNetworkPolicyPeers(rule.From, rulePath.Child("from"), opts)...)
	}
	for i, rule := range spec.Egress {
		rulePath := specPath.Child("egress").Index(i)
		allErrs = append(allErrs, validateNetworkPolicyPorts(rule.Ports, rulePath.Child("ports"))...)
		allErrs = append(allErrs, validateNetworkPolicyPeers(rule.To, rulePath.Child("to"), opts)...)
	}
	typesPath := specPath.Child("policyTypes")
	if len(spec.PolicyTypes) > len(supportedPolicyTypes) {
		return append(allErrs, field.Invalid(typesPath, &spec.PolicyTypes, "may not specify more than two policyTypes"))
	}
	for i, t := range spec.PolicyTypes {
		if t != networkingv1.PolicyTypeIngress && t != networkingv1.PolicyTypeEgress {
			allErrs = append(allErrs, field.NotSupported(typesPath.Index(i), t, supportedPolicyTypes))
		}
	}
	return allErrs
}

func validateNetworkPolicyPorts(ports []networkingv1.NetworkPolicyPort, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i := range ports {
		allErrs = append(allErrs, validateNetworkPolicyPort(&ports[i], fldPath.Index(i))...)
	}
	return allErrs
}

func validateNetworkPolicyPort(port *networkingv1.NetworkPolicyPort, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if port.Protocol != nil {
		switch *port.Protocol {
		case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("protocol"), *port.Protocol, supportedPolicyProtocols))
		}
	}
	endPortPath := fldPath.Child("endPort")
	switch {
	case port.Port == nil:
		if port.EndPort != nil {
			allErrs = append(allErrs, field.Invalid(endPortPath, *port.EndPort, "may not be specified when `port` is not specified"))
		}
	case port.Port.Type == intstr.Int:
		for _, msg := range validation.IsValidPortNum(int(port.Port.IntVal)) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("port"), port.Port.IntVal, msg))
		}
		if port.EndPort != nil {
			if *port.EndPort < port.Port.IntVal {
				allErrs = append(allErrs, field.Invalid(endPortPath, *port.EndPort, "must be greater than or equal to `port`"))
			}
			for _, msg := range validation.IsValidPortNum(int(*port.EndPort)) {
				allErrs = append(allErrs, field.Invalid(endPortPath, *port.EndPort, msg))
			}
		}
	default:
		if port.EndPort != nil {
			allErrs = append(allErrs, field.Invalid(endPortPath, *port.EndPort, "may not be specified when `port` is non-numeric"))
		}
		for _, msg := range validation.IsValidPortName(port.Port.StrVal) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("port"), port.Port.StrVal, msg))
		}
	}
	return allErrs
}

func validateNetworkPolicyPeers(peers []networkingv1.NetworkPolicyPeer, fldPath *field.Path, opts networkPolicyOptions) field.ErrorList {
	var allErrs field.ErrorList
	for i := range peers {
		allErrs = append(allErrs, validateNetworkPolicyPeer(&peers[i], fldPath.Index(i), opts)...)
	}
	return allErrs
}

func validateNetworkPolicyPeer(peer *networkingv1.NetworkPolicyPeer, fldPath *field.Path, opts networkPolicyOptions) field.ErrorList {
	var allErrs field.ErrorList
	peers := 0
	if peer.PodSelector != nil {
		peers++
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(peer.PodSelector, opts.selector, fldPath.Child("podSelector"))...)
	}
	if peer.NamespaceSelector != nil {
		peers++
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(peer.NamespaceSelector, opts.selector, fldPath.Child("namespaceSelector"))...)
	}
	if peer.IPBlock != nil {
		peers++
		allErrs = append(allErrs, validateIPBlock(peer.IPBlock, fldPath.Child("ipBlock"), opts.oldCIDRs)...)
	}
	switch {
	case peers == 0:
		allErrs = append(allErrs, field.Required(fldPath, "must specify a peer"))
	case peers > 1 && peer.IPBlock != nil:
		allErrs = append(allErrs, field.Forbidden(fldPath, "may not specify both ipBlock and another peer"))
	}
	return allErrs
}

// validateIPBlock accepts any CIDR the stored policy already had, wherever it now appears, since an
// update may have moved it.
func validateIPBlock(block *networkingv1.IPBlock, fldPath *field.Path, oldCIDRs []string) field.ErrorList {
	cidrPath := fldPath.Child("cidr")
	if block.CIDR == "" {
		return field.ErrorList{field.Required(cidrPath, "")}
	}
	allErrs := validation.IsValidCIDRForLegacyField(cidrPath, block.CIDR, false, oldCIDRs)
	_, cidr, err := netutils.ParseCIDRSloppy(block.CIDR)
	if err != nil {
		return allErrs
	}
	cidrBits, _ := cidr.Mask.Size()
	for i, except := range block.Except {
		exceptPath := fldPath.Child("except").Index(i)
		allErrs = append(allErrs, validation.IsValidCIDRForLegacyField(exceptPath, except, false, oldCIDRs)...)
		_, exceptNet, err := netutils.ParseCIDRSloppy(except)
		if err != nil {
			continue
		}
		exceptBits, _ := exceptNet.Mask.Size()
		if !cidr.Contains(exceptNet.IP) || cidrBits >= exceptBits {
			allErrs = append(allErrs, field.Invalid(exceptPath, except, "must be a strict subset of `cidr`"))
		}
	}
	return allErrs
}
