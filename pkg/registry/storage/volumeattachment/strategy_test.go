package volumeattachment

import (
	"context"
	"testing"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	_ "github.com/kapi-dev/kapi/pkg/apis/storage/install"
)

func storedAttachment() *storagev1.VolumeAttachment {
	return &storagev1.VolumeAttachment{
		ObjectMeta: metav1.ObjectMeta{Name: "va", Labels: map[string]string{"a": "b"}},
		Spec:       storagev1.VolumeAttachmentSpec{Attacher: "csi.example.com", NodeName: "node-1", Source: storagev1.VolumeAttachmentSource{PersistentVolumeName: ptr.To("pv")}},
		Status:     storagev1.VolumeAttachmentStatus{Attached: true},
	}
}

func TestStorageVolumeAttachmentStrategy(t *testing.T) {
	ctx := context.Background()
	created := storedAttachment()
	Strategy.PrepareForCreate(ctx, created)
	if created.Status.Attached {
		t.Error("create kept the status a client sent")
	}

	updated := storedAttachment()
	updated.Status.Attached = false
	Strategy.PrepareForUpdate(ctx, updated, storedAttachment())
	if !updated.Status.Attached {
		t.Error("a main-resource update changed the status")
	}

	statusWrite := storedAttachment()
	statusWrite.Spec.NodeName = "node-2"
	statusWrite.Labels = map[string]string{"a": "c"}
	statusWrite.Status.Attached = false
	StatusStrategy.PrepareForUpdate(ctx, statusWrite, storedAttachment())
	if statusWrite.Spec.NodeName != "node-1" || statusWrite.Labels["a"] != "b" || statusWrite.Status.Attached {
		t.Errorf("status write: node %s, labels %v, attached %v; want the stored spec and labels, the written status", statusWrite.Spec.NodeName, statusWrite.Labels, statusWrite.Status.Attached)
	}
}

func TestStorageVolumeAttachmentResetFields(t *testing.T) {
	status := fieldpath.NewSet(fieldpath.MakePathOrDie("status"))
	metaAndSpec := fieldpath.NewSet(fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec"))
	if got := Strategy.GetResetFields()["storage.k8s.io/v1"]; got == nil || !got.Equals(status) {
		t.Errorf("main strategy resets %v, want status", got)
	}
	if got := StatusStrategy.GetResetFields()["storage.k8s.io/v1"]; got == nil || !got.Equals(metaAndSpec) {
		t.Errorf("status strategy resets %v, want metadata and spec", got)
	}
}

func TestStorageVolumeAttachmentUpdateValidation(t *testing.T) {
	moved := storedAttachment()
	moved.ResourceVersion, moved.Spec.NodeName = "1", "node-2"
	old := storedAttachment()
	old.ResourceVersion = "1"
	errs := Strategy.ValidateUpdate(context.Background(), moved, old)
	if len(errs) != 1 || errs[0].Field != "spec" || errs[0].Detail != "field is immutable" {
		t.Errorf("errors = %v, want spec: field is immutable", errs)
	}
}
