// Package csrs holds what the CertificateSigningRequest controllers share: reading a request's
// conditions, parsing it, and recognizing the requests kubelets make for the kubernetes.io signers.
package csrs

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
)

const (
	// NodeUserPrefix starts the user name, and the common name, of every node.
	NodeUserPrefix = "system:node:"
	// NodesGroup is the group of every node, the only organization a kubelet asks for.
	NodesGroup = "system:nodes"
)

// HasCondition reports whether csr has a condition of type t.
func HasCondition(csr *certificatesv1.CertificateSigningRequest, t certificatesv1.RequestConditionType) bool {
	return slices.ContainsFunc(csr.Status.Conditions, func(c certificatesv1.CertificateSigningRequestCondition) bool { return c.Type == t })
}

// IsApproved reports whether csr is approved and not denied.
func IsApproved(csr *certificatesv1.CertificateSigningRequest) bool {
	return HasCondition(csr, certificatesv1.CertificateApproved) && !HasCondition(csr, certificatesv1.CertificateDenied)
}

// Parse parses the request's PEM CERTIFICATE REQUEST.
func Parse(csr *certificatesv1.CertificateSigningRequest) (*x509.CertificateRequest, error) {
	return validation.ParseRequest(csr.Spec.Request)
}

var (
	clientRequired   = sets.New(certificatesv1.UsageClientAuth)
	serverRequired   = sets.New(certificatesv1.UsageServerAuth)
	keyUsageOptional = sets.New(certificatesv1.UsageDigitalSignature, certificatesv1.UsageKeyEncipherment)
)

// ValidateKubeletClient checks that req is what a kubelet asks for to authenticate as its node: a
// "system:node:" common name, only the system:nodes organization, no subject alternative names,
// and client auth with optional signing usages.
func ValidateKubeletClient(req *x509.CertificateRequest, usages []certificatesv1.KeyUsage) error {
	if err := validateNodeSubject(req); err != nil {
		return err
	}
	if len(req.DNSNames) > 0 || len(req.EmailAddresses) > 0 || len(req.IPAddresses) > 0 || len(req.URIs) > 0 {
		return errors.New("DNS, email, IP and URI subjectAltNames are not allowed")
	}
	return validateUsages(usages, clientRequired, "client")
}

// ValidateKubeletServing checks that req is what a kubelet asks for to serve: a node subject, at
// least one DNS or IP subject alternative name and no others, and server auth with optional
// signing usages.
func ValidateKubeletServing(req *x509.CertificateRequest, usages []certificatesv1.KeyUsage) error {
	if err := validateNodeSubject(req); err != nil {
		return err
	}
	if len(req.DNSNames) == 0 && len(req.IPAddresses) == 0 {
		return errors.New("DNS or IP subjectAltName is required")
	}
	if len(req.EmailAddresses) > 0 || len(req.URIs) > 0 {
		return errors.New("email and URI subjectAltNames are not allowed")
	}
	return validateUsages(usages, serverRequired, "serving")
}

// ValidateAPIServerClient checks the usages of a kube-apiserver-client request: client auth, with
// optional signing usages.
func ValidateAPIServerClient(usages []certificatesv1.KeyUsage) error {
	return validateUsages(usages, clientRequired, "client")
}

func validateNodeSubject(req *x509.CertificateRequest) error {
	if !slices.Equal(req.Subject.Organization, []string{NodesGroup}) {
		return fmt.Errorf("subject organization is not %s", NodesGroup)
	}
	if !strings.HasPrefix(req.Subject.CommonName, NodeUserPrefix) {
		return fmt.Errorf("subject common name does not begin with %s", NodeUserPrefix)
	}
	return nil
}

func validateUsages(usages []certificatesv1.KeyUsage, required sets.Set[certificatesv1.KeyUsage], kind string) error {
	for _, u := range usages {
		if !required.Has(u) && !keyUsageOptional.Has(u) {
			return fmt.Errorf("invalid usage for %s certificate: %s", kind, u)
		}
	}
	for _, u := range sets.List(required) {
		if !slices.Contains(usages, u) {
			return fmt.Errorf("missing required usage for %s certificate: %s", kind, u)
		}
	}
	return nil
}
