package validation

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// MaxTrustBundleSize is the largest spec.trustBundle accepted, in bytes.
const MaxTrustBundleSize = 1 << 20

// ValidateClusterTrustBundle checks a new bundle.
func ValidateClusterTrustBundle(bundle *certificatesv1.ClusterTrustBundle) field.ErrorList {
	return validateClusterTrustBundle(bundle, true)
}

// ValidateClusterTrustBundleUpdate checks an update of a bundle. An unchanged trust bundle is not
// parsed again, so that a change in Go's PEM or X.509 parsing cannot make stored objects unwritable.
func ValidateClusterTrustBundleUpdate(bundle, old *certificatesv1.ClusterTrustBundle) field.ErrorList {
	errs := validateClusterTrustBundle(bundle, bundle.Spec.TrustBundle != old.Spec.TrustBundle)
	errs = append(errs, corevalidation.ValidateObjectMetaUpdate(&bundle.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))...)
	return append(errs, validation.ValidateImmutableField(bundle.Spec.SignerName, old.Spec.SignerName, field.NewPath("spec", "signerName"))...)
}

func validateClusterTrustBundle(bundle *certificatesv1.ClusterTrustBundle, parseBundle bool) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&bundle.ObjectMeta, false, ClusterTrustBundleNameFor(bundle.Spec.SignerName), field.NewPath("metadata"))
	if bundle.Spec.SignerName != "" {
		errs = append(errs, ValidateSignerName(field.NewPath("spec", "signerName"), bundle.Spec.SignerName)...)
	}
	if parseBundle {
		errs = append(errs, validateTrustBundle(field.NewPath("spec", "trustBundle"), bundle.Spec.TrustBundle)...)
	}
	return errs
}

// validateTrustBundle accepts one or more distinct CA certificates in PEM blocks without headers.
func validateTrustBundle(fldPath *field.Path, bundle string) field.ErrorList {
	if len(bundle) > MaxTrustBundleSize {
		return field.ErrorList{field.TooLong(fldPath, "", MaxTrustBundleSize)}
	}
	var errs field.ErrorList
	bad := func(format string, args ...interface{}) {
		errs = append(errs, field.Invalid(fldPath, "<value omitted>", fmt.Sprintf(format, args...)))
	}
	indices := map[string][]int{}
	var order []string
	rest := []byte(bundle)
	for i := 0; ; i++ {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			bad("entry %d has bad block type: %v", i, block.Type)
			continue
		}
		if len(block.Headers) != 0 {
			bad("entry %d has PEM block headers", i)
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		switch {
		case err != nil:
			bad("entry %d does not parse as X.509", i)
		case !cert.IsCA:
			bad("entry %d does not have the CA bit set", i)
		case !cert.BasicConstraintsValid:
			bad("entry %d has invalid basic constraints", i)
		default:
			key := string(block.Bytes)
			if _, ok := indices[key]; !ok {
				order = append(order, key)
			}
			indices[key] = append(indices[key], i)
		}
	}
	// A malformed entry is reported alone: duplicate or missing anchors would follow from it.
	if len(errs) != 0 {
		return errs
	}
	if len(indices) == 0 {
		bad("at least one trust anchor must be provided")
	}
	for _, key := range order {
		if len(indices[key]) > 1 {
			bad("duplicate trust anchor (indices %v)", indices[key])
		}
	}
	return errs
}
