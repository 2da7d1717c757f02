package validation

import (
	"math"

	storagev1 "k8s.io/api/storage/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

const (
	maxAttachmentMetadataSize = 256 * (1 << 10)
	maxVolumeErrorMessageSize = 1024
)

// ValidateVolumeAttachment checks a VolumeAttachment, new or updated.
func ValidateVolumeAttachment(va *storagev1.VolumeAttachment) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&va.ObjectMeta, false, validateClassName, field.NewPath("metadata"))
	allErrs = append(allErrs, validateVolumeAttachmentSpec(&va.Spec, field.NewPath("spec"))...)
	return append(allErrs, validateVolumeAttachmentStatus(&va.Status, field.NewPath("status"))...)
}

// ValidateVolumeAttachmentCreate holds the rules of storage.k8s.io/v1 that older versions did not
// have, which kube-apiserver applies to new attachments only: the attacher is a CSI driver name and
// the volume name a valid persistent volume name.
func ValidateVolumeAttachmentCreate(va *storagev1.VolumeAttachment) field.ErrorList {
	allErrs := corevalidation.ValidateCSIDriverName(va.Spec.Attacher, field.NewPath("spec", "attacher"))
	if pv := va.Spec.Source.PersistentVolumeName; pv != nil {
		allErrs = append(allErrs, corevalidation.ValidateNameWith(apimachineryvalidation.NameIsDNSSubdomain, *pv, field.NewPath("spec", "source", "persistentVolumeName"))...)
	}
	return allErrs
}

// ValidateVolumeAttachmentUpdate checks an update of a VolumeAttachment, whose spec is fixed.
func ValidateVolumeAttachmentUpdate(va, old *storagev1.VolumeAttachment) field.ErrorList {
	allErrs := ValidateVolumeAttachment(va)
	if !apiequality.Semantic.DeepEqual(old.Spec, va.Spec) {
		allErrs = append(allErrs, field.Invalid(field.NewPath("spec"), corevalidation.InternalShape(va.Spec), "field is immutable"))
	}
	return allErrs
}

func validateVolumeAttachmentSpec(spec *storagev1.VolumeAttachmentSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if spec.Attacher == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("attacher"), ""))
	}
	allErrs = append(allErrs, validateVolumeAttachmentSource(&spec.Source, fldPath.Child("source"))...)
	return append(allErrs, corevalidation.ValidateNameWith(apimachineryvalidation.NameIsDNSSubdomain, spec.NodeName, fldPath.Child("nodeName"))...)
}

// validateVolumeAttachmentSource requires exactly one of a persistent volume name and an inline
// volume spec.
func validateVolumeAttachmentSource(source *storagev1.VolumeAttachmentSource, fldPath *field.Path) field.ErrorList {
	const exactlyOne = "must specify exactly one of inlineVolumeSpec and persistentVolumeName"
	switch {
	case source.InlineVolumeSpec == nil && source.PersistentVolumeName == nil:
		return field.ErrorList{field.Required(fldPath, exactlyOne)}
	case source.InlineVolumeSpec != nil && source.PersistentVolumeName != nil:
		return field.ErrorList{field.Forbidden(fldPath, exactlyOne)}
	case source.PersistentVolumeName != nil && *source.PersistentVolumeName == "":
		return field.ErrorList{field.Required(fldPath.Child("persistentVolumeName"), "must specify non empty persistentVolumeName")}
	case source.InlineVolumeSpec != nil:
		return corevalidation.ValidateInlinePersistentVolumeSpec(source.InlineVolumeSpec, fldPath.Child("inlineVolumeSpec"))
	}
	return nil
}

func validateVolumeAttachmentStatus(status *storagev1.VolumeAttachmentStatus, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	var size int64
	for k, v := range status.AttachmentMetadata {
		size += int64(len(k)) + int64(len(v))
	}
	if size > maxAttachmentMetadataSize {
		allErrs = append(allErrs, field.TooLong(fldPath.Child("attachmentMetadata"), "", maxAttachmentMetadataSize))
	}
	allErrs = append(allErrs, validateVolumeError(status.AttachError, fldPath.Child("attachError"))...)
	return append(allErrs, validateVolumeError(status.DetachError, fldPath.Child("detachError"))...)
}

// validateVolumeError bounds an attach or detach error's message and requires a non-negative code.
// kube-apiserver states the message limit as the attachment metadata's, though it checks 1024
// characters; the message is kept as it is.
func validateVolumeError(e *storagev1.VolumeError, fldPath *field.Path) field.ErrorList {
	if e == nil {
		return nil
	}
	var allErrs field.ErrorList
	if len(e.Message) > maxVolumeErrorMessageSize {
		allErrs = append(allErrs, field.TooLong(fldPath.Child("message"), "", maxAttachmentMetadataSize))
	}
	if e.ErrorCode != nil && *e.ErrorCode < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("errorCode"), *e.ErrorCode, validation.InclusiveRangeError(0, math.MaxInt32)))
	}
	return allErrs
}
