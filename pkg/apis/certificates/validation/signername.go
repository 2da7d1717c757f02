package validation

import (
	"fmt"
	"strings"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Signer names are "<domain>/<path>": a DNS subdomain, then a path long enough for
// "<namespace>.<name>" of a namespaced object that defines a signer.
const (
	maxSignerDomainLength = validation.DNS1123SubdomainMaxLength
	maxSignerPathLength   = validation.DNS1123SubdomainMaxLength + validation.DNS1123LabelMaxLength + 1
	maxSignerNameLength   = maxSignerDomainLength + maxSignerPathLength + 1
)

// IsKubernetesSignerName reports whether signerName is in the kubernetes.io domain or one of its
// subdomains, which the Kubernetes project reserves.
func IsKubernetesSignerName(signerName string) bool {
	domain, _, _ := strings.Cut(signerName, "/")
	return domain == "kubernetes.io" || strings.HasSuffix(domain, ".kubernetes.io")
}

// ValidateSignerName reports every way signerName fails to be "<domain>/<path>", the domain having
// at least two DNS labels and each dot-separated part of the path being a DNS subdomain.
func ValidateSignerName(fldPath *field.Path, signerName string) field.ErrorList {
	if signerName == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	domain, path, ok := strings.Cut(signerName, "/")
	if !ok || strings.Contains(path, "/") {
		return field.ErrorList{field.Invalid(fldPath, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")}
	}
	var errs field.ErrorList
	if len(domain) > maxSignerDomainLength {
		errs = append(errs, field.TooLong(fldPath, "", maxSignerDomainLength))
	}
	domainLabels := strings.Split(domain, ".")
	errs = append(errs, firstBadLabel(fldPath, domain, domainLabels, validation.IsDNS1123Label)...)
	if len(domainLabels) < 2 {
		errs = append(errs, field.Invalid(fldPath, domain, "should be a domain with at least two segments separated by dots"))
	}
	errs = append(errs, firstBadLabel(fldPath, path, strings.Split(path, "."), validation.IsDNS1123Subdomain)...)
	if len(signerName) > maxSignerNameLength {
		errs = append(errs, field.TooLong(fldPath, "", maxSignerNameLength))
	}
	return errs
}

// firstBadLabel reports the problems of the first label that check refuses only: later labels
// would repeat messages the user cannot tell apart.
func firstBadLabel(fldPath *field.Path, segment string, labels []string, check func(string) []string) field.ErrorList {
	for _, l := range labels {
		msgs := check(l)
		if len(msgs) == 0 {
			continue
		}
		errs := make(field.ErrorList, 0, len(msgs))
		for _, msg := range msgs {
			errs = append(errs, field.Invalid(fldPath, segment, fmt.Sprintf("validating label %q: %s", l, msg)))
		}
		return errs
	}
	return nil
}

// ClusterTrustBundleNameFor returns the name rule of a ClusterTrustBundle for signerName: bundles
// of a signer are named "<signer name with : for />:<DNS subdomain>", other bundles have no colon.
func ClusterTrustBundleNameFor(signerName string) apimachineryvalidation.ValidateNameFunc {
	return func(name string, prefix bool) []string {
		if signerName == "" {
			if strings.Contains(name, ":") {
				return []string{`ClusterTrustBundle without signer name must not have ":" in its name`}
			}
			return apimachineryvalidation.NameIsDNSSubdomain(name, prefix)
		}
		required := strings.ReplaceAll(signerName, "/", ":") + ":"
		rest, ok := strings.CutPrefix(name, required)
		if !ok {
			return []string{fmt.Sprintf("ClusterTrustBundle for signerName %s must be named with prefix %s", signerName, required)}
		}
		return apimachineryvalidation.NameIsDNSSubdomain(rest, prefix)
	}
}
