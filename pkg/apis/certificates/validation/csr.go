package validation

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/google/go-cmp/cmp"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// LegacyUnknownSignerName is the signer that certificates.k8s.io/v1beta1 gave requests without one.
// The v1 API refuses new requests for it, but keeps serving those already stored.
const LegacyUnknownSignerName = "kubernetes.io/legacy-unknown"

// MinExpirationSeconds is the shortest certificate lifetime a request may ask for.
const MinExpirationSeconds = 600

var (
	validUsages = sets.New(
		certificatesv1.UsageSigning, certificatesv1.UsageDigitalSignature, certificatesv1.UsageContentCommitment,
		certificatesv1.UsageKeyEncipherment, certificatesv1.UsageKeyAgreement, certificatesv1.UsageDataEncipherment,
		certificatesv1.UsageCertSign, certificatesv1.UsageCRLSign, certificatesv1.UsageEncipherOnly,
		certificatesv1.UsageDecipherOnly, certificatesv1.UsageAny, certificatesv1.UsageServerAuth,
		certificatesv1.UsageClientAuth, certificatesv1.UsageCodeSigning, certificatesv1.UsageEmailProtection,
		certificatesv1.UsageSMIME, certificatesv1.UsageIPsecEndSystem, certificatesv1.UsageIPsecTunnel,
		certificatesv1.UsageIPsecUser, certificatesv1.UsageTimestamping, certificatesv1.UsageOCSPSigning,
		certificatesv1.UsageMicrosoftSGC, certificatesv1.UsageNetscapeSGC,
	)
	// trueOnlyConditions may only be present with status True.
	trueOnlyConditions = sets.New(certificatesv1.CertificateApproved, certificatesv1.CertificateDenied, certificatesv1.CertificateFailed)
	anyStatus          = sets.New(corev1.ConditionTrue, corev1.ConditionFalse, corev1.ConditionUnknown)
	trueStatus         = sets.New(corev1.ConditionTrue)
)

// csrRules says what a write path may do. The tolerate* rules let an update keep a problem the
// stored object already has, so that objects written by older servers stay writable.
type csrRules struct {
	allowApprovalConditions bool
	allowCertificate        bool

	tolerateApprovedAndDenied  bool
	tolerateLegacySigner       bool
	tolerateDuplicateCondition bool
	tolerateEmptyConditionType bool
	tolerateBadCertificate     bool
	tolerateUnknownUsages      bool
	tolerateDuplicateUsages    bool
}

func rulesFor(csr, old *certificatesv1.CertificateSigningRequest) csrRules {
	if old == nil {
		return csrRules{}
	}
	conditionTypes := map[certificatesv1.RequestConditionType]int{}
	for _, c := range old.Status.Conditions {
		conditionTypes[c.Type]++
	}
	duplicateCondition := false
	for _, n := range conditionTypes {
		duplicateCondition = duplicateCondition || n > 1
	}
	unknownUsage := false
	for _, u := range old.Spec.Usages {
		unknownUsage = unknownUsage || !validUsages.Has(u)
	}
	return csrRules{
		tolerateApprovedAndDenied:  conditionTypes[certificatesv1.CertificateApproved] > 0 && conditionTypes[certificatesv1.CertificateDenied] > 0,
		tolerateLegacySigner:       old.Spec.SignerName == LegacyUnknownSignerName,
		tolerateDuplicateCondition: duplicateCondition,
		tolerateEmptyConditionType: conditionTypes[""] > 0,
		tolerateBadCertificate:     bytes.Equal(csr.Status.Certificate, old.Status.Certificate) || validateCertificate(old.Status.Certificate) != nil,
		tolerateUnknownUsages:      unknownUsage,
		tolerateDuplicateUsages:    len(sets.New(old.Spec.Usages...)) != len(old.Spec.Usages),
	}
}

// ValidateCertificateSigningRequestCreate checks a new request.
func ValidateCertificateSigningRequestCreate(csr *certificatesv1.CertificateSigningRequest) field.ErrorList {
	return validateCSR(csr, rulesFor(csr, nil))
}

// ValidateCertificateSigningRequestUpdate checks a write of the main resource, which may change
// metadata only.
func ValidateCertificateSigningRequestUpdate(csr, old *certificatesv1.CertificateSigningRequest) field.ErrorList {
	return validateCSRUpdate(csr, old, rulesFor(csr, old))
}

// ValidateCertificateSigningRequestStatusUpdate checks a write of the status subresource, which
// may set the certificate once.
func ValidateCertificateSigningRequestStatusUpdate(csr, old *certificatesv1.CertificateSigningRequest) field.ErrorList {
	rules := rulesFor(csr, old)
	rules.allowCertificate = true
	return validateCSRUpdate(csr, old, rules)
}

// ValidateCertificateSigningRequestApprovalUpdate checks a write of the approval subresource, which
// may add the Approved or Denied condition.
func ValidateCertificateSigningRequestApprovalUpdate(csr, old *certificatesv1.CertificateSigningRequest) field.ErrorList {
	rules := rulesFor(csr, old)
	rules.allowApprovalConditions = true
	return validateCSRUpdate(csr, old, rules)
}

func validateCSR(csr *certificatesv1.CertificateSigningRequest, rules csrRules) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&csr.ObjectMeta, false, anyName, field.NewPath("metadata"))
	spec := field.NewPath("spec")
	if err := checkRequest(csr.Spec.Request); err != nil {
		errs = append(errs, field.Invalid(spec.Child("request"), csr.Spec.Request, err.Error()))
	}
	if len(csr.Spec.Usages) == 0 {
		errs = append(errs, field.Required(spec.Child("usages"), ""))
	}
	seen := sets.New[certificatesv1.KeyUsage]()
	for i, u := range csr.Spec.Usages {
		if !rules.tolerateUnknownUsages && !validUsages.Has(u) {
			errs = append(errs, field.NotSupported(spec.Child("usages").Index(i), u, sets.List(validUsages)))
		}
		if !rules.tolerateDuplicateUsages && seen.Has(u) {
			errs = append(errs, field.Duplicate(spec.Child("usages").Index(i), u))
		}
		seen.Insert(u)
	}
	if !rules.tolerateLegacySigner && csr.Spec.SignerName == LegacyUnknownSignerName {
		errs = append(errs, field.Invalid(spec.Child("signerName"), csr.Spec.SignerName, "the legacy signerName is not allowed via this API version"))
	} else {
		errs = append(errs, ValidateSignerName(spec.Child("signerName"), csr.Spec.SignerName)...)
	}
	if e := csr.Spec.ExpirationSeconds; e != nil && *e < MinExpirationSeconds {
		errs = append(errs, field.Invalid(spec.Child("expirationSeconds"), *e, "may not specify a duration less than 600 seconds (10 minutes)"))
	}
	errs = append(errs, validateConditions(field.NewPath("status", "conditions"), csr.Status.Conditions, rules)...)
	if !rules.tolerateBadCertificate {
		if err := validateCertificate(csr.Status.Certificate); err != nil {
			errs = append(errs, field.Invalid(field.NewPath("status", "certificate"), "<certificate data>", err.Error()))
		}
	}
	return errs
}

// anyName accepts every name: a request's name carries no meaning.
func anyName(string, bool) []string { return nil }

// ParseRequest parses spec.request: one PEM "CERTIFICATE REQUEST" block.
func ParseRequest(pemBytes []byte) (*x509.CertificateRequest, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return nil, errors.New("PEM block type must be CERTIFICATE REQUEST")
	}
	return x509.ParseCertificateRequest(block.Bytes)
}

// checkRequest parses the request and checks its signature, proving that the requester holds the
// private key.
func checkRequest(pemBytes []byte) error {
	req, err := ParseRequest(pemBytes)
	if err != nil {
		return err
	}
	return req.CheckSignature()
}

func validateConditions(fldPath *field.Path, conditions []certificatesv1.CertificateSigningRequestCondition, rules csrRules) field.ErrorList {
	var errs field.ErrorList
	seen := map[certificatesv1.RequestConditionType]bool{}
	for i, c := range conditions {
		p := fldPath.Index(i)
		if !rules.tolerateEmptyConditionType && c.Type == "" {
			errs = append(errs, field.Required(p.Child("type"), ""))
		}
		allowed := anyStatus
		if trueOnlyConditions.Has(c.Type) {
			allowed = trueStatus
		}
		switch {
		case c.Status == "":
			errs = append(errs, field.Required(p.Child("status"), ""))
		case !allowed.Has(c.Status):
			errs = append(errs, field.NotSupported(p.Child("status"), c.Status, sets.List(allowed)))
		}
		if !rules.tolerateApprovedAndDenied {
			other := map[certificatesv1.RequestConditionType]certificatesv1.RequestConditionType{
				certificatesv1.CertificateApproved: certificatesv1.CertificateDenied,
				certificatesv1.CertificateDenied:   certificatesv1.CertificateApproved,
			}[c.Type]
			if other != "" && seen[other] {
				errs = append(errs, field.Invalid(p.Child("type"), c.Type, "Approved and Denied conditions are mutually exclusive"))
			}
		}
		if !rules.tolerateDuplicateCondition && seen[c.Type] {
			errs = append(errs, field.Duplicate(p.Child("type"), c.Type))
		}
		seen[c.Type] = true
	}
	return errs
}

// validateCertificate checks that data, when set, is one or more PEM CERTIFICATE blocks without
// headers, each holding a parseable certificate. Text around the blocks is allowed.
func validateCertificate(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	blocks := 0
	for {
		block, rest := pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Errorf("only CERTIFICATE PEM blocks are allowed, found %q", block.Type)
		}
		if len(block.Headers) != 0 {
			return errors.New("no PEM block headers are permitted")
		}
		certs, err := x509.ParseCertificates(block.Bytes)
		if err != nil {
			return err
		}
		if len(certs) == 0 {
			return errors.New("found CERTIFICATE PEM block containing 0 certificates")
		}
		blocks++
		data = rest
	}
	if blocks == 0 {
		return errors.New("must contain at least one CERTIFICATE PEM block")
	}
	return nil
}

func validateCSRUpdate(csr, old *certificatesv1.CertificateSigningRequest, rules csrRules) field.ErrorList {
	errs := validateCSR(csr, rules)
	conditions := field.NewPath("status", "conditions")
	for _, t := range []certificatesv1.RequestConditionType{certificatesv1.CertificateApproved, certificatesv1.CertificateDenied, certificatesv1.CertificateFailed} {
		if len(conditionsOf(csr, t)) < len(conditionsOf(old, t)) {
			errs = append(errs, field.Forbidden(conditions, fmt.Sprintf("updates may not remove a condition of type %q", t)))
		}
	}
	if !rules.allowApprovalConditions {
		for _, t := range []certificatesv1.RequestConditionType{certificatesv1.CertificateApproved, certificatesv1.CertificateDenied} {
			now, before := conditionsOf(csr, t), conditionsOf(old, t)
			switch {
			case len(now) < len(before):
				// Reported above as a removal.
			case len(now) > len(before):
				errs = append(errs, field.Forbidden(conditions, fmt.Sprintf("updates may not add a condition of type %q", t)))
			case !apiequality.Semantic.DeepEqual(before, now):
				errs = append(errs, field.Forbidden(conditions, fmt.Sprintf("updates may not modify a condition of type %q\n%v", t, cmp.Diff(before, now))))
			}
		}
	}
	if !bytes.Equal(csr.Status.Certificate, old.Status.Certificate) {
		certificate := field.NewPath("status", "certificate")
		if !rules.allowCertificate {
			errs = append(errs, field.Forbidden(certificate, "updates may not set certificate content"))
		} else if len(old.Status.Certificate) > 0 {
			errs = append(errs, field.Forbidden(certificate, "updates may not modify existing certificate content"))
		}
	}
	return append(errs, corevalidation.ValidateObjectMetaUpdate(&csr.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))...)
}

func conditionsOf(csr *certificatesv1.CertificateSigningRequest, t certificatesv1.RequestConditionType) []certificatesv1.CertificateSigningRequestCondition {
	var out []certificatesv1.CertificateSigningRequestCondition
	for _, c := range csr.Status.Conditions {
		if c.Type == t {
			out = append(out, c)
		}
	}
	return out
}
