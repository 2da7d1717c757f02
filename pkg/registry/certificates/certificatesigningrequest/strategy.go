// Package certificatesigningrequest implements the strategies, field selectors and table columns of
// certificates.k8s.io/v1 CertificateSigningRequests and of their approval and status subresources.
package certificatesigningrequest

import (
	"context"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion fieldpath.APIVersion = "certificates.k8s.io/v1"

type csrStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of CertificateSigningRequests.
var Strategy = csrStrategy{basestrategy.ClusterScoped}

// PrepareForCreate records who asks, so that approvers and signers can trust it, and drops any
// status: nobody creates a request that is already approved or issued.
func (csrStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	csr := obj.(*certificatesv1.CertificateSigningRequest)
	csr.Spec.Username, csr.Spec.UID, csr.Spec.Groups, csr.Spec.Extra = "", "", nil, nil
	if user, ok := genericapirequest.UserFrom(ctx); ok {
		csr.Spec.Username = user.GetName()
		csr.Spec.UID = user.GetUID()
		csr.Spec.Groups = user.GetGroups()
		if extra := user.GetExtra(); len(extra) > 0 {
			csr.Spec.Extra = make(map[string]certificatesv1.ExtraValue, len(extra))
			for k, v := range extra {
				csr.Spec.Extra[k] = v
			}
		}
	}
	csr.Status = certificatesv1.CertificateSigningRequestStatus{}
}

// PrepareForUpdate keeps the spec and status: the main resource changes metadata only, the
// subresources change the rest.
func (csrStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	csr, oldCSR := obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest)
	csr.Spec = oldCSR.Spec
	csr.Status = oldCSR.Status
}

// Validate checks a new request, including its signature.
func (csrStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCertificateSigningRequestCreate(obj.(*certificatesv1.CertificateSigningRequest))
}

// ValidateUpdate checks a write of the main resource.
func (csrStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCertificateSigningRequestUpdate(obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest))
}

// GetResetFields lists status, which a main-resource write leaves alone.
func (csrStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "status")
}

type csrStatusStrategy struct {
	csrStrategy
}

// StatusStrategy is the update behaviour of certificatesigningrequests/status, where signers set
// the certificate and the Failed condition.
var StatusStrategy = csrStatusStrategy{Strategy}

// PrepareForUpdate keeps the spec and the approval conditions, which belong to the approval
// subresource, and stamps new conditions.
func (csrStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	csr, oldCSR := obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest)
	csr.Spec = oldCSR.Spec
	keepConditions(csr, oldCSR, certificatesv1.CertificateApproved)
	keepConditions(csr, oldCSR, certificatesv1.CertificateDenied)
	stampConditions(csr, oldCSR)
}

// ValidateUpdate checks a status write.
func (csrStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCertificateSigningRequestStatusUpdate(obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest))
}

// GetResetFields lists spec and the conditions, which a status write leaves alone as far as
// server-side apply is concerned.
func (csrStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "spec", "status.conditions")
}

type csrApprovalStrategy struct {
	csrStrategy
}

// ApprovalStrategy is the update behaviour of certificatesigningrequests/approval, where approvers
// add the Approved or Denied condition.
var ApprovalStrategy = csrApprovalStrategy{Strategy}

// PrepareForUpdate keeps the spec, the certificate and the signer's Failed condition, and stamps
// new conditions.
func (csrApprovalStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	csr, oldCSR := obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest)
	csr.Spec = oldCSR.Spec
	csr.Status.Certificate = oldCSR.Status.Certificate
	keepConditions(csr, oldCSR, certificatesv1.CertificateFailed)
	stampConditions(csr, oldCSR)
}

// ValidateUpdate checks an approval write.
func (csrApprovalStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCertificateSigningRequestApprovalUpdate(obj.(*certificatesv1.CertificateSigningRequest), old.(*certificatesv1.CertificateSigningRequest))
}

// GetResetFields lists spec and the certificate, which an approval write leaves alone.
func (csrApprovalStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "spec", "status.certificate")
}

// keepConditions puts back the stored conditions of type t.
func keepConditions(csr, old *certificatesv1.CertificateSigningRequest, t certificatesv1.RequestConditionType) {
	basestrategy.KeepConditionsOfType(csr.Status.Conditions, old.Status.Conditions,
		func(c certificatesv1.CertificateSigningRequestCondition) certificatesv1.RequestConditionType {
			return c.Type
		}, t)
}

// stampConditions sets lastUpdateTime on conditions without one, and lastTransitionTime from the
// stored condition of the same type and status or, for a new one, to now.
func stampConditions(csr, old *certificatesv1.CertificateSigningRequest) {
	now := metav1.Now()
	for i := range csr.Status.Conditions {
		c := &csr.Status.Conditions[i]
		if c.LastUpdateTime.IsZero() {
			c.LastUpdateTime = now
		}
		if !c.LastTransitionTime.IsZero() {
			continue
		}
		c.LastTransitionTime = now
		for _, o := range old.Status.Conditions {
			if o.Type == c.Type && o.Status == c.Status && !o.LastTransitionTime.IsZero() {
				c.LastTransitionTime = o.LastTransitionTime
				break
			}
		}
	}
}

// GetAttrs returns the labels and the selectable fields of a request.
var GetAttrs = basestrategy.Attrs("a CertificateSigningRequest", SelectableFields)

// SelectableFields returns the fields a field selector may match on a request.
func SelectableFields(csr *certificatesv1.CertificateSigningRequest) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{"spec.signerName": csr.Spec.SignerName}, &csr.ObjectMeta, false)
}
