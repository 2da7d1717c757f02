// Package podcertificaterequest implements the strategies and field selectors of
// certificates.k8s.io/v1 PodCertificateRequests and of their status subresource.
package podcertificaterequest

import (
	"context"
	"fmt"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion fieldpath.APIVersion = "certificates.k8s.io/v1"

type pcrStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of PodCertificateRequests.
var Strategy = pcrStrategy{basestrategy.Namespaced}

// PrepareForCreate drops the status, which only the signer writes.
func (pcrStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*certificatesv1.PodCertificateRequest).Status = certificatesv1.PodCertificateRequestStatus{}
}

// PrepareForUpdate keeps the status, which has its own subresource.
func (pcrStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*certificatesv1.PodCertificateRequest).Status = old.(*certificatesv1.PodCertificateRequest).Status
}

// Validate checks a new request, including the signature of its stub PKCS#10 request.
func (pcrStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePodCertificateRequestCreate(obj.(*certificatesv1.PodCertificateRequest))
}

// ValidateUpdate checks a write of the main resource, whose spec is immutable.
func (pcrStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodCertificateRequestUpdate(obj.(*certificatesv1.PodCertificateRequest), old.(*certificatesv1.PodCertificateRequest))
}

// AllowUnconditionalUpdate is false: signers must not overwrite a status they have not seen.
func (pcrStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// GetResetFields lists status, which a main-resource write leaves alone.
func (pcrStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "status")
}

// StatusStrategy is the update behaviour of podcertificaterequests/status. Issuing a chain needs
// "sign" on the signer, which the strategy checks with its authorizer because upstream does it
// here rather than in admission.
type StatusStrategy struct {
	pcrStrategy
	authorizer authorizer.Authorizer
	now        func() time.Time
}

// NewStatusStrategy returns the status strategy, checking signers with authz.
func NewStatusStrategy(authz authorizer.Authorizer) StatusStrategy {
	return StatusStrategy{pcrStrategy: Strategy, authorizer: authz, now: time.Now}
}

// PrepareForUpdate keeps the spec and metadata, keeps terminal conditions already recorded, and
// stamps new conditions' lastTransitionTime.
func (s StatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	req, oldReq := obj.(*certificatesv1.PodCertificateRequest), old.(*certificatesv1.PodCertificateRequest)
	req.Spec = oldReq.Spec
	metav1.ResetObjectMetaForStatus(&req.ObjectMeta, &oldReq.ObjectMeta)
	for _, t := range []string{certificatesv1.PodCertificateRequestConditionTypeIssued, certificatesv1.PodCertificateRequestConditionTypeDenied, certificatesv1.PodCertificateRequestConditionTypeFailed} {
		basestrategy.KeepConditionsOfType(req.Status.Conditions, oldReq.Status.Conditions, func(c metav1.Condition) string { return c.Type }, t)
	}
	now := metav1.NewTime(s.now())
	for i := range req.Status.Conditions {
		c := &req.Status.Conditions[i]
		if !c.LastTransitionTime.IsZero() {
			continue
		}
		c.LastTransitionTime = now
		for _, o := range oldReq.Status.Conditions {
			if o.Type == c.Type && o.Status == c.Status && !o.LastTransitionTime.IsZero() {
				c.LastTransitionTime = o.LastTransitionTime
				break
			}
		}
	}
}

// ValidateUpdate checks a status write, and that whoever sets the certificate chain may sign for
// the requested signer.
func (s StatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	req, oldReq := obj.(*certificatesv1.PodCertificateRequest), old.(*certificatesv1.PodCertificateRequest)
	if errs := validation.ValidatePodCertificateRequestStatusUpdate(req, oldReq, s.now()); len(errs) > 0 {
		return errs
	}
	if req.Status.CertificateChain == oldReq.Status.CertificateChain {
		return nil
	}
	signer := field.NewPath("spec", "signerName")
	info, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return field.ErrorList{field.InternalError(signer, fmt.Errorf(`cannot determine calling user to perform "sign" check`))}
	}
	if !certificates.IsAuthorizedForSignerName(ctx, s.authorizer, info, "sign", oldReq.Spec.SignerName) {
		return field.ErrorList{field.Forbidden(signer, fmt.Sprintf(`User %q is not permitted to "sign" for signer %q`, info.GetName(), oldReq.Spec.SignerName))}
	}
	return nil
}

// GetResetFields lists spec, which a status write leaves alone.
func (StatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "spec")
}

// GetAttrs returns the labels and the selectable fields of a request.
var GetAttrs = basestrategy.Attrs("a PodCertificateRequest", SelectableFields)

// SelectableFields returns the fields a field selector may match on a request.
func SelectableFields(req *certificatesv1.PodCertificateRequest) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"spec.signerName": req.Spec.SignerName,
		"spec.podName":    req.Spec.PodName,
		"spec.nodeName":   string(req.Spec.NodeName),
	}, &req.ObjectMeta, true)
}
