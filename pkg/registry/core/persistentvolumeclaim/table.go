package persistentvolumeclaim

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Status", Type: "string", Description: corev1.PersistentVolumeClaimStatus{}.SwaggerDoc()["phase"]},
	{Name: "Volume", Type: "string", Description: corev1.PersistentVolumeClaimSpec{}.SwaggerDoc()["volumeName"]},
	{Name: "Capacity", Type: "string", Description: corev1.PersistentVolumeClaimStatus{}.SwaggerDoc()["capacity"]},
	{Name: "Access Modes", Type: "string", Description: corev1.PersistentVolumeClaimStatus{}.SwaggerDoc()["accessModes"]},
	{Name: "StorageClass", Type: "string", Description: "StorageClass of the pvc"},
	{Name: "VolumeAttributesClass", Type: "string", Description: "VolumeAttributesClass of the pvc"},
	tables.AgeColumn(),
	{Name: "VolumeMode", Type: "string", Priority: 1, Description: corev1.PersistentVolumeClaimSpec{}.SwaggerDoc()["volumeMode"]},
}

// NewTableConvertor returns the `kubectl get persistentvolumeclaims` table: NAME, STATUS, VOLUME,
// CAPACITY, ACCESS MODES, STORAGECLASS, VOLUMEATTRIBUTESCLASS, AGE and, for -o wide, VOLUMEMODE.
// Capacity and access modes are the bound volume's, so they stay empty until the claim is bound.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, printPersistentVolumeClaim)
}

func printPersistentVolumeClaim(pvc *corev1.PersistentVolumeClaim) (metav1.TableRow, error) {
	phase := string(pvc.Status.Phase)
	if pvc.DeletionTimestamp != nil {
		phase = "Terminating"
	}
	capacity, accessModes := "", ""
	if pvc.Spec.VolumeName != "" {
		storage := pvc.Status.Capacity[corev1.ResourceStorage]
		capacity = storage.String()
		accessModes = tables.AccessModes(pvc.Status.AccessModes)
	}
	class := ""
	if annotated, ok := pvc.Annotations[corev1.BetaStorageClassAnnotation]; ok {
		class = annotated
	} else if pvc.Spec.StorageClassName != nil {
		class = *pvc.Spec.StorageClassName
	}
	return metav1.TableRow{Cells: []interface{}{
		pvc.Name,
		phase,
		pvc.Spec.VolumeName,
		capacity,
		accessModes,
		class,
		tables.OrUnset(pvc.Spec.VolumeAttributesClassName),
		tables.Since(pvc.CreationTimestamp),
		tables.OrUnset((*string)(pvc.Spec.VolumeMode)),
	}}, nil
}
