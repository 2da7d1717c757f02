package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func validAttachment() *storagev1.VolumeAttachment {
	return &storagev1.VolumeAttachment{
		ObjectMeta: metav1.ObjectMeta{Name: "va", ResourceVersion: "1"},
		Spec: storagev1.VolumeAttachmentSpec{
			Attacher: "csi.example.com",
			NodeName: "node-1",
			Source:   storagev1.VolumeAttachmentSource{PersistentVolumeName: ptr.To("pv-1")},
		},
	}
}

func inlineCSISpec() *corev1.PersistentVolumeSpec {
	return &corev1.PersistentVolumeSpec{
		AccessModes:            []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
		PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{Driver: "csi.example.com", VolumeHandle: "vol-1"}},
	}
}

func TestStorageValidateVolumeAttachment(t *testing.T) {
	const dnsSubdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	for _, tc := range []struct {
		name   string
		modify func(*storagev1.VolumeAttachment)
		want   []string
	}{
		{name: "valid", modify: func(*storagev1.VolumeAttachment) {}},
		{name: "inline", modify: func(va *storagev1.VolumeAttachment) {
			va.Spec.Source = storagev1.VolumeAttachmentSource{InlineVolumeSpec: inlineCSISpec()}
		}},
		{name: "no attacher or node", modify: func(va *storagev1.VolumeAttachment) { va.Spec.Attacher, va.Spec.NodeName = "", "" },
			want: []string{"spec.attacher: Required value", `spec.nodeName: Invalid value: "": ` + dnsSubdomain}},
		{name: "no source", modify: func(va *storagev1.VolumeAttachment) { va.Spec.Source = storagev1.VolumeAttachmentSource{} },
			want: []string{"spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName"}},
		{name: "both sources", modify: func(va *storagev1.VolumeAttachment) { va.Spec.Source.InlineVolumeSpec = inlineCSISpec() },
			want: []string{"spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName"}},
		{name: "empty volume name", modify: func(va *storagev1.VolumeAttachment) { va.Spec.Source.PersistentVolumeName = ptr.To("") },
			want: []string{"spec.source.persistentVolumeName: Required value: must specify non empty persistentVolumeName"}},
		{name: "inline with capacity, class and no CSI", modify: func(va *storagev1.VolumeAttachment) {
			spec := inlineCSISpec()
			spec.CSI = nil
			spec.NFS = &corev1.NFSVolumeSource{Server: "nfs", Path: "/export"}
			spec.Capacity = corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}
			spec.StorageClassName = "fast"
			spec.VolumeMode = ptr.To(corev1.PersistentVolumeBlock)
			spec.ClaimRef = &corev1.ObjectReference{Name: "claim"}
			va.Spec.Source = storagev1.VolumeAttachmentSource{InlineVolumeSpec: spec}
		}, want: []string{
			"spec.source.inlineVolumeSpec.claimRef: Forbidden: may not be specified in the context of inline volumes",
			"spec.source.inlineVolumeSpec.capacity: Forbidden: may not be specified in the context of inline volumes",
			"spec.source.inlineVolumeSpec.csi: Required value: has to be specified in the context of inline volumes",
			"spec.source.inlineVolumeSpec.storageClassName: Forbidden: may not be specified in the context of inline volumes",
			"spec.source.inlineVolumeSpec.volumeMode: Forbidden: may not specify volumeMode other than Filesystem in the context of inline volumes",
		}},
		{name: "status errors", modify: func(va *storagev1.VolumeAttachment) {
			va.Status.AttachError = &storagev1.VolumeError{Message: strings.Repeat("x", 1025), ErrorCode: ptr.To(int32(-1))}
		}, want: []string{
			"status.attachError.message: Too long: may not be more than 262144 bytes",
			"status.attachError.errorCode: Invalid value: -1: must be between 0 and 2147483647, inclusive",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			va := validAttachment()
			tc.modify(va)
			expectErrors(t, ValidateVolumeAttachment(va), tc.want...)
		})
	}
}

func TestStorageValidateVolumeAttachmentCreate(t *testing.T) {
	va := validAttachment()
	va.Spec.Attacher = "Not_A_Driver"
	va.Spec.Source.PersistentVolumeName = ptr.To("PV")
	expectErrors(t, ValidateVolumeAttachmentCreate(va),
		`spec.attacher: Invalid value: "Not_A_Driver": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`spec.source.persistentVolumeName: Invalid value: "PV": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`)
}

func TestStorageValidateVolumeAttachmentUpdate(t *testing.T) {
	va := validAttachment()
	va.Spec.NodeName = "node-2"
	expectErrors(t, ValidateVolumeAttachmentUpdate(va, validAttachment()),
		`spec: Invalid value: {"Attacher":"csi.example.com","Source":{"PersistentVolumeName":"pv-1","InlineVolumeSpec":null},"NodeName":"node-2"}: field is immutable`)

	attached := validAttachment()
	attached.Status.Attached = true
	expectErrors(t, ValidateVolumeAttachmentUpdate(attached, validAttachment()))
}
