package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// IngressClassAnnotation is the annotation that chose an Ingress's class before spec.ingressClassName.
const IngressClassAnnotation = "kubernetes.io/ingress.class"

var (
	specPath = field.NewPath("spec")

	supportedPathTypes = sets.NewString(
		string(networkingv1.PathTypeExact),
		string(networkingv1.PathTypePrefix),
		string(networkingv1.PathTypeImplementationSpecific),
	)
	// Exact and Prefix paths are matched element by element, so these would never match a request.
	invalidPathSequences = []string{"//", "/./", "/../", "%2f", "%2F"}
	invalidPathSuffixes  = []string{"/..", "/."}
)

// ValidateIngressName is the Ingress name rule: a DNS subdomain.
var ValidateIngressName = apimachineryvalidation.NameIsDNSSubdomain

// ingressOptions relax the rules an Ingress stored by an older, laxer server may already break, so
// that it stays updatable.
type ingressOptions struct {
	allowInvalidSecretName       bool
	allowInvalidWildcardHostRule bool
	// allowDNSLabelServiceName accepts backend Service names that are DNS labels but not DNS-1035
	// labels (a leading digit).
	allowDNSLabelServiceName bool
}

// ValidateIngressCreate checks a new Ingress; the class annotation, when set with
// spec.ingressClassName, must agree with it.
func ValidateIngressCreate(ingress *networkingv1.Ingress) field.ErrorList {
	allErrs := validateIngress(ingress, ingressOptions{})
	annotation, ok := ingress.Annotations[IngressClassAnnotation]
	if ok && ingress.Spec.IngressClassName != nil && annotation != *ingress.Spec.IngressClassName {
		allErrs = append(allErrs, field.Invalid(field.NewPath("annotations").Child(IngressClassAnnotation), annotation,
			"must match `ingressClassName` when both are specified"))
	}
	return allErrs
}

// ValidateIngressUpdate checks an updated Ingress, ratcheting the rules the stored one already broke.
func ValidateIngressUpdate(ingress, oldIngress *networkingv1.Ingress) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&ingress.ObjectMeta, &oldIngress.ObjectMeta, metadataPath)
	opts := ingressOptions{
		allowInvalidSecretName:       hasInvalidSecretName(oldIngress),
		allowInvalidWildcardHostRule: hasInvalidWildcardHostRule(oldIngress),
		allowDNSLabelServiceName:     hasDNSLabelServiceName(oldIngress),
	}
	return append(allErrs, validateIngress(ingress, opts)...)
}

// ValidateIngressStatusUpdate checks a write of an Ingress's status: the load balancer addresses.
func ValidateIngressStatusUpdate(ingress, oldIngress *networkingv1.Ingress) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&ingress.ObjectMeta, &oldIngress.ObjectMeta, metadataPath)
	return append(allErrs, validateIngressLoadBalancerStatus(&ingress.Status.LoadBalancer, &oldIngress.Status.LoadBalancer,
		field.NewPath("status", "loadBalancer"))...)
}

func validateIngress(ingress *networkingv1.Ingress, opts ingressOptions) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&ingress.ObjectMeta, true, ValidateIngressName, metadataPath)
	return append(allErrs, validateIngressSpec(&ingress.Spec, opts)...)
}

func validateIngressSpec(spec *networkingv1.IngressSpec, opts ingressOptions) field.ErrorList {
	var allErrs field.ErrorList
	if len(spec.Rules) == 0 && spec.DefaultBackend == nil {
		allErrs = append(allErrs, field.Invalid(specPath, corevalidation.InternalShape(spec.Rules), "either `defaultBackend` or `rules` must be specified"))
	}
	if spec.DefaultBackend != nil {
		allErrs = append(allErrs, validateIngressBackend(spec.DefaultBackend, specPath.Child("defaultBackend"), opts)...)
	}
	allErrs = append(allErrs, validateIngressRules(spec.Rules, specPath.Child("rules"), opts)...)
	allErrs = append(allErrs, validateIngressTLS(spec.TLS, specPath.Child("tls"), opts)...)
	if spec.IngressClassName != nil {
		allErrs = append(allErrs, corevalidation.ValidateNameWith(ValidateIngressClassName, *spec.IngressClassName, specPath.Child("ingressClassName"))...)
	}
	return allErrs
}

func validateIngressTLS(tls []networkingv1.IngressTLS, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	var allErrs field.ErrorList
	for i, t := range tls {
		for j, host := range t.Hosts {
			allErrs = append(allErrs, validateHost(host, fldPath.Index(i).Child("hosts").Index(j))...)
		}
		if !opts.allowInvalidSecretName {
			for _, msg := range tlsSecretNameErrors(t.SecretName) {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("secretName"), t.SecretName, msg))
			}
		}
	}
	return allErrs
}

// validateHost checks a host name, which may start with a wildcard label.
func validateHost(host string, fldPath *field.Path) field.ErrorList {
	check := validation.IsDNS1123Subdomain
	if strings.Contains(host, "*") {
		check = validation.IsWildcardDNS1123Subdomain
	}
	var allErrs field.ErrorList
	for _, msg := range check(host) {
		allErrs = append(allErrs, field.Invalid(fldPath, host, msg))
	}
	return allErrs
}

func tlsSecretNameErrors(name string) []string {
	if name == "" {
		return nil
	}
	return apimachineryvalidation.NameIsDNSSubdomain(name, false)
}

func validateIngressRules(rules []networkingv1.IngressRule, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	var allErrs field.ErrorList
	for i, rule := range rules {
		wildcard := strings.Contains(rule.Host, "*")
		if rule.Host != "" {
			if netutils.ParseIPSloppy(rule.Host) != nil {
				allErrs = append(allErrs, field.Invalid(fldPath.Index(i).Child("host"), rule.Host, "must be a DNS name, not an IP address"))
			}
			allErrs = append(allErrs, validateHost(rule.Host, fldPath.Index(i).Child("host"))...)
		}
		if !wildcard || !opts.allowInvalidWildcardHostRule {
			allErrs = append(allErrs, validateIngressRuleValue(&rule.IngressRuleValue, fldPath.Index(i), opts)...)
		}
	}
	return allErrs
}

func validateIngressRuleValue(value *networkingv1.IngressRuleValue, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	if value.HTTP == nil {
		return nil
	}
	var allErrs field.ErrorList
	pathsPath := fldPath.Child("http", "paths")
	if len(value.HTTP.Paths) == 0 {
		allErrs = append(allErrs, field.Required(pathsPath, ""))
	}
	for i := range value.HTTP.Paths {
		allErrs = append(allErrs, validateHTTPIngressPath(&value.HTTP.Paths[i], pathsPath.Index(i), opts)...)
	}
	return allErrs
}

func validateHTTPIngressPath(path *networkingv1.HTTPIngressPath, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	if path.PathType == nil {
		return field.ErrorList{field.Required(fldPath.Child("pathType"), "pathType must be specified")}
	}
	var allErrs field.ErrorList
	pathPath := fldPath.Child("path")
	switch *path.PathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix:
		if !strings.HasPrefix(path.Path, "/") {
			allErrs = append(allErrs, field.Invalid(pathPath, path.Path, "must be an absolute path"))
		}
		for _, seq := range invalidPathSequences {
			if strings.Contains(path.Path, seq) {
				allErrs = append(allErrs, field.Invalid(pathPath, path.Path, fmt.Sprintf("must not contain '%s'", seq)))
			}
		}
		for _, suffix := range invalidPathSuffixes {
			if strings.HasSuffix(path.Path, suffix) {
				allErrs = append(allErrs, field.Invalid(pathPath, path.Path, fmt.Sprintf("cannot end with '%s'", suffix)))
			}
		}
	case networkingv1.PathTypeImplementationSpecific:
		if path.Path != "" && !strings.HasPrefix(path.Path, "/") {
			allErrs = append(allErrs, field.Invalid(pathPath, path.Path, "must be an absolute path"))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("pathType"), *path.PathType, supportedPathTypes.List()))
	}
	return append(allErrs, validateIngressBackend(&path.Backend, fldPath.Child("backend"), opts)...)
}

func validateIngressBackend(backend *networkingv1.IngressBackend, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	switch {
	case backend.Resource != nil && backend.Service != nil:
		return field.ErrorList{field.Invalid(fldPath, "", "cannot set both resource and service backends")}
	case backend.Resource != nil:
		return validateTypedLocalObjectReference(backend.Resource, fldPath.Child("resource"))
	case backend.Service != nil:
		return validateServiceBackend(backend.Service, fldPath, opts)
	default:
		return field.ErrorList{field.Invalid(fldPath, "", "resource or service backend is required")}
	}
}

// validateServiceBackend reports the port errors on the backend itself, not on its service, as
// upstream does.
func validateServiceBackend(service *networkingv1.IngressServiceBackend, fldPath *field.Path, opts ingressOptions) field.ErrorList {
	var allErrs field.ErrorList
	namePath := fldPath.Child("service", "name")
	if service.Name == "" {
		allErrs = append(allErrs, field.Required(namePath, ""))
	} else {
		nameFn := apimachineryvalidation.NameIsDNS1035Label
		if opts.allowDNSLabelServiceName {
			nameFn = apimachineryvalidation.NameIsDNSLabel
		}
		allErrs = append(allErrs, corevalidation.ValidateNameWith(nameFn, service.Name, namePath)...)
	}
	port := service.Port
	portPath := fldPath.Child("service", "port")
	switch {
	case port.Name != "" && port.Number != 0:
		allErrs = append(allErrs, field.Invalid(fldPath, "", "cannot set both port name & port number"))
	case port.Name != "":
		for _, msg := range validation.IsValidPortName(port.Name) {
			allErrs = append(allErrs, field.Invalid(portPath.Child("name"), port.Name, msg))
		}
	case port.Number != 0:
		for _, msg := range validation.IsValidPortNum(int(port.Number)) {
			allErrs = append(allErrs, field.Invalid(portPath.Child("number"), port.Number, msg))
		}
	default:
		allErrs = append(allErrs, field.Required(fldPath, "port name or number is required"))
	}
	return allErrs
}

func validateTypedLocalObjectReference(ref *corev1.TypedLocalObjectReference, fldPath *field.Path) field.ErrorList {
	return validateObjectReference(ref.APIGroup, ref.Kind, ref.Name, fldPath)
}

// validateObjectReference checks the group (if any), kind and name of a reference to an object the
// server does not look up: a backend resource or an IngressClass's parameters.
func validateObjectReference(apiGroup *string, kind, name string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if apiGroup != nil {
		allErrs = append(allErrs, corevalidation.ValidateDNS1123Subdomain(*apiGroup, fldPath.Child("apiGroup"))...)
	}
	allErrs = append(allErrs, validatePathSegment(kind, fldPath.Child("kind"), true)...)
	return append(allErrs, validatePathSegment(name, fldPath.Child("name"), true)...)
}

func validateIngressLoadBalancerStatus(status, oldStatus *networkingv1.IngressLoadBalancerStatus, fldPath *field.Path) field.ErrorList {
	var oldIPs []string
	for _, ingress := range oldStatus.Ingress {
		if ingress.IP != "" {
			oldIPs = append(oldIPs, ingress.IP)
		}
	}
	var allErrs field.ErrorList
	for i, ingress := range status.Ingress {
		idxPath := fldPath.Child("ingress").Index(i)
		if ingress.IP != "" {
			allErrs = append(allErrs, validation.IsValidIPForLegacyField(idxPath.Child("ip"), ingress.IP, false, oldIPs)...)
		}
		if ingress.Hostname != "" {
			allErrs = append(allErrs, corevalidation.ValidateDNS1123Subdomain(ingress.Hostname, idxPath.Child("hostname"))...)
			if netutils.ParseIPSloppy(ingress.Hostname) != nil {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("hostname"), ingress.Hostname, "must be a DNS name, not an IP address"))
			}
		}
	}
	return allErrs
}

func hasInvalidSecretName(ingress *networkingv1.Ingress) bool {
	for _, tls := range ingress.Spec.TLS {
		if len(tlsSecretNameErrors(tls.SecretName)) > 0 {
			return true
		}
	}
	return false
}

func hasInvalidWildcardHostRule(ingress *networkingv1.Ingress) bool {
	for _, rule := range ingress.Spec.Rules {
		if strings.Contains(rule.Host, "*") && len(validateIngressRuleValue(&rule.IngressRuleValue, nil, ingressOptions{})) > 0 {
			return true
		}
	}
	return false
}

func hasDNSLabelServiceName(ingress *networkingv1.Ingress) bool {
	var backends []*networkingv1.IngressBackend
	if ingress.Spec.DefaultBackend != nil {
		backends = append(backends, ingress.Spec.DefaultBackend)
	}
	for _, rule := range ingress.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for i := range rule.HTTP.Paths {
			backends = append(backends, &rule.HTTP.Paths[i].Backend)
		}
	}
	for _, b := range backends {
		if b.Service == nil {
			continue
		}
		name := b.Service.Name
		if len(apimachineryvalidation.NameIsDNSLabel(name, false)) == 0 && len(apimachineryvalidation.NameIsDNS1035Label(name, false)) > 0 {
			return true
		}
	}
	return false
}
