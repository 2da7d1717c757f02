package validation

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// Bounds of spec.maxExpirationSeconds: signers of the kubernetes.io domain issue for a day at most,
// other signers for 91 days.
const (
	MinMaxExpirationSeconds           = 3600
	KubernetesMaxMaxExpirationSeconds = 86400
	MaxMaxExpirationSeconds           = 7862400
	maxUIDLength                      = 128
)

var pcrTerminalConditions = []string{
	certificatesv1.PodCertificateRequestConditionTypeIssued,
	certificatesv1.PodCertificateRequestConditionTypeDenied,
	certificatesv1.PodCertificateRequestConditionTypeFailed,
}

// ValidatePodCertificateRequestCreate checks a new request.
func ValidatePodCertificateRequestCreate(req *certificatesv1.PodCertificateRequest) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&req.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	spec := field.NewPath("spec")
	errs = append(errs, ValidateSignerName(spec.Child("signerName"), req.Spec.SignerName)...)
	if req.Spec.UnverifiedUserAnnotations != nil {
		errs = append(errs, apimachineryvalidation.ValidateAnnotations(req.Spec.UnverifiedUserAnnotations, spec.Child("unverifiedUserAnnotations"))...)
	}
	for _, name := range []struct {
		field, value string
	}{{"podName", req.Spec.PodName}, {"serviceAccountName", req.Spec.ServiceAccountName}, {"nodeName", string(req.Spec.NodeName)}} {
		for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(name.value, false) {
			errs = append(errs, field.Invalid(spec.Child(name.field), name.value, msg))
		}
	}
	for _, uid := range []struct {
		field, value string
	}{{"podUID", string(req.Spec.PodUID)}, {"serviceAccountUID", string(req.Spec.ServiceAccountUID)}, {"nodeUID", string(req.Spec.NodeUID)}} {
		if uid.value == "" {
			errs = append(errs, field.Invalid(spec.Child(uid.field), uid.value, "must not be empty"))
		}
		if len(uid.value) > maxUIDLength {
			errs = append(errs, field.TooLong(spec.Child(uid.field), uid.value, maxUIDLength))
		}
	}
	maxExpiration := spec.Child("maxExpirationSeconds")
	if req.Spec.MaxExpirationSeconds == nil {
		return append(errs, field.Required(maxExpiration, "must be set"))
	}
	upper := int32(MaxMaxExpirationSeconds)
	if IsKubernetesSignerName(req.Spec.SignerName) {
		upper = KubernetesMaxMaxExpirationSeconds
	}
	if s := *req.Spec.MaxExpirationSeconds; s < MinMaxExpirationSeconds || s > upper {
		errs = append(errs, field.Invalid(maxExpiration, s, fmt.Sprintf("must be in the range [%d, %d]", MinMaxExpirationSeconds, upper)))
	}
	return append(errs, validateStubRequest(spec.Child("stubPKCS10Request"), req.Spec.StubPKCS10Request)...)
}

// validateStubRequest checks that the DER PKCS#10 request is signed by its own key, of a type
// kubelet generates.
func validateStubRequest(fldPath *field.Path, der []byte) field.ErrorList {
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		return field.ErrorList{field.Invalid(fldPath, field.OmitValueType{}, "must be a valid DER-encoded PKCS#10 certificate signing request")}
	}
	if err := csr.CheckSignature(); err != nil {
		return field.ErrorList{field.Invalid(fldPath, field.OmitValueType{}, "could not verify the signature of the certificate signing request")}
	}
	switch pub := csr.PublicKey.(type) {
	case ed25519.PublicKey:
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() && pub.Curve != elliptic.P384() && pub.Curve != elliptic.P521() {
			return field.ErrorList{field.Invalid(fldPath, "curve "+pub.Curve.Params().Name, "elliptic public keys must use curve P256, P384 or P521")}
		}
	case *rsa.PublicKey:
		if bits := pub.Size() * 8; bits != 3072 && bits != 4096 {
			return field.ErrorList{field.Invalid(fldPath, fmt.Sprintf("%d-bit modulus", bits), "RSA keys must have modulus size 3072 or 4096")}
		}
	default:
		return field.ErrorList{field.Invalid(fldPath, field.OmitValueType{}, "unknown public key type; supported types are Ed25519, ECDSA, and RSA")}
	}
	return nil
}

// ValidatePodCertificateRequestUpdate checks a write of the main resource: the spec is immutable and
// the status has its own subresource.
func ValidatePodCertificateRequestUpdate(req, old *certificatesv1.PodCertificateRequest) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&req.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	return append(errs, apimachineryvalidation.ValidateImmutableField(req.Spec, old.Spec, field.NewPath("spec"))...)
}

// ValidatePodCertificateRequestStatusUpdate checks a signer's status write at now: at most one of
// Issued, Denied or Failed, after which the status is frozen, and an issued chain that matches the
// requested key, the timestamps and the lifetime bounds.
func ValidatePodCertificateRequestStatusUpdate(req, old *certificatesv1.PodCertificateRequest, now time.Time) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&req.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	if len(errs) > 0 {
		return errs
	}
	conditions := field.NewPath("status", "conditions")
	terminal := 0
	for i, c := range req.Status.Conditions {
		if !slices.Contains(pcrTerminalConditions, c.Type) {
			errs = append(errs, field.NotSupported(conditions.Index(i).Child("type"), c.Type, pcrTerminalConditions))
			continue
		}
		if terminal++; terminal > 1 {
			errs = append(errs, field.Invalid(conditions.Index(i).Child("type"), c.Type, `There may be at most one condition with type "Issued", "Denied", or "Failed"`))
		}
		if c.Status != metav1.ConditionTrue {
			errs = append(errs, field.NotSupported(conditions.Index(i).Child("status"), c.Status, []metav1.ConditionStatus{metav1.ConditionTrue}))
		}
	}
	errs = append(errs, metav1validation.ValidateConditions(req.Status.Conditions, conditions)...)
	if len(errs) > 0 {
		return errs
	}
	status := field.NewPath("status")
	if pcrTerminal(old) != "" {
		return sameStatus(req.Status, old.Status, status, "immutable after PodCertificateRequest is issued, denied, or failed")
	}
	switch pcrTerminal(req) {
	case certificatesv1.PodCertificateRequestConditionTypeDenied, certificatesv1.PodCertificateRequestConditionTypeFailed:
		return sameStatus(req.Status, certificatesv1.PodCertificateRequestStatus{Conditions: req.Status.Conditions}, status, "non-condition status fields must be empty when denying or failing the PodCertificateRequest")
	case certificatesv1.PodCertificateRequestConditionTypeIssued:
		return validateIssued(req, old, now)
	}
	return sameStatus(req.Status, certificatesv1.PodCertificateRequestStatus{Conditions: req.Status.Conditions}, status, "non-condition status fields must be empty until the PodCertificateRequest is issued")
}

func sameStatus(got, want certificatesv1.PodCertificateRequestStatus, fldPath *field.Path, msg string) field.ErrorList {
	if apiequality.Semantic.DeepEqual(got, want) {
		return nil
	}
	return field.ErrorList{field.Invalid(fldPath, field.OmitValueType{}, msg)}
}

func validateIssued(req, old *certificatesv1.PodCertificateRequest, now time.Time) field.ErrorList {
	chain := field.NewPath("status", "certificateChain")
	notBefore, notAfter, beginRefresh := field.NewPath("status", "notBefore"), field.NewPath("status", "notAfter"), field.NewPath("status", "beginRefreshAt")
	st := req.Status
	block, rest := pem.Decode([]byte(st.CertificateChain))
	if block == nil {
		return field.ErrorList{field.Invalid(chain, st.CertificateChain, "issued certificate chain must contain at least one certificate")}
	}
	leaf, err := parseChainBlock(block)
	if err != nil {
		return field.ErrorList{field.Invalid(chain, st.CertificateChain, err.Error())}
	}
	for block, rest = pem.Decode(rest); block != nil; block, rest = pem.Decode(rest) {
		if _, err := parseChainBlock(block); err != nil {
			return field.ErrorList{field.Invalid(chain, st.CertificateChain, err.Error())}
		}
	}
	if stub, err := x509.ParseCertificateRequest(old.Spec.StubPKCS10Request); err != nil || !publicKeysEqual(stub.PublicKey, leaf.PublicKey) {
		return field.ErrorList{field.Invalid(chain, st.CertificateChain, "leaf certificate was not issued to the requested public key")}
	}
	var errs field.ErrorList
	if st.NotBefore == nil {
		errs = append(errs, field.Required(notBefore, "must be present and consistent with the issued certificate"))
	}
	if st.NotAfter == nil {
		errs = append(errs, field.Required(notAfter, "must be present and consistent with the issued certificate"))
	}
	if st.BeginRefreshAt == nil {
		errs = append(errs, field.Required(beginRefresh, "must be present and in the range [notbefore+10min, notafter-10min]"))
	}
	if len(errs) > 0 {
		return errs
	}
	switch lifetime := leaf.NotAfter.Sub(leaf.NotBefore); {
	case !st.NotBefore.Time.Equal(leaf.NotBefore):
		return field.ErrorList{field.Invalid(notBefore, st.NotBefore.Time, "must be set to the NotBefore time encoded in the leaf certificate")}
	case st.NotBefore.Time.Sub(now).Abs() > 5*time.Minute:
		return field.ErrorList{field.Invalid(notBefore, st.NotBefore.Time, "must be set to within 5 minutes of kube-apiserver's current time")}
	case !st.NotAfter.Time.Equal(leaf.NotAfter):
		return field.ErrorList{field.Invalid(notAfter, st.NotAfter.Time, "must be set to the NotAfter time encoded in the leaf certificate")}
	case lifetime < time.Hour:
		return field.ErrorList{field.Invalid(chain, lifetime, "leaf certificate lifetime must be >= 1 hour")}
	case lifetime > time.Duration(*old.Spec.MaxExpirationSeconds)*time.Second:
		return field.ErrorList{field.Invalid(chain, lifetime, fmt.Sprintf("leaf certificate lifetime must be <= spec.maxExpirationSeconds (%v)", *old.Spec.MaxExpirationSeconds))}
	case st.BeginRefreshAt.Time.Before(st.NotBefore.Time.Add(10 * time.Minute)):
		return field.ErrorList{field.Invalid(beginRefresh, st.BeginRefreshAt.Time, "must be at least 10 minutes after status.notBefore")}
	case st.BeginRefreshAt.Time.After(st.NotAfter.Time.Add(-10 * time.Minute)):
		return field.ErrorList{field.Invalid(beginRefresh, st.BeginRefreshAt.Time, "must be at least 10 minutes before status.notAfter")}
	}
	return nil
}

func parseChainBlock(block *pem.Block) (*x509.Certificate, error) {
	if block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("issued certificate chain must consist entirely of CERTIFICATE PEM blocks")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("certificate chain entries must parse as valid X.509")
	}
	return cert, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}

func pcrTerminal(req *certificatesv1.PodCertificateRequest) string {
	for _, c := range req.Status.Conditions {
		if slices.Contains(pcrTerminalConditions, c.Type) && c.Status == metav1.ConditionTrue {
			return c.Type
		}
	}
	return ""
}
