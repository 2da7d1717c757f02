package volumeattachment

import (
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Attacher", Type: "string", Format: "name", Description: storagev1.VolumeAttachmentSpec{}.SwaggerDoc()["attacher"]},
	{Name: "PV", Type: "string", Description: storagev1.VolumeAttachmentSource{}.SwaggerDoc()["persistentVolumeName"]},
	{Name: "Node", Type: "string", Description: storagev1.VolumeAttachmentSpec{}.SwaggerDoc()["nodeName"]},
	{Name: "Attached", Type: "boolean", Description: storagev1.VolumeAttachmentStatus{}.SwaggerDoc()["attached"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get volumeattachments` table: NAME, ATTACHER, PV (empty
// for an inline volume), NODE, ATTACHED, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(va *storagev1.VolumeAttachment) (metav1.TableRow, error) {
		pv := ""
		if va.Spec.Source.PersistentVolumeName != nil {
			pv = *va.Spec.Source.PersistentVolumeName
		}
		return metav1.TableRow{Cells: []interface{}{
			va.Name, va.Spec.Attacher, pv, va.Spec.NodeName, va.Status.Attached, tables.Since(va.CreationTimestamp),
		}}, nil
	})
}
