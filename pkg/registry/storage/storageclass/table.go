package storageclass

import (
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	storagev1defaults "github.com/kapi-dev/kapi/pkg/apis/storage/v1"
	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var docs = storagev1.StorageClass{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Provisioner", Type: "string", Description: docs["provisioner"]},
	{Name: "ReclaimPolicy", Type: "string", Description: docs["reclaimPolicy"]},
	{Name: "VolumeBindingMode", Type: "string", Description: docs["volumeBindingMode"]},
	{Name: "AllowVolumeExpansion", Type: "string", Description: docs["allowVolumeExpansion"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get storageclasses` table: NAME (with " (default)" after
// the default class), PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE, ALLOWVOLUMEEXPANSION, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(sc *storagev1.StorageClass) (metav1.TableRow, error) {
		name := sc.Name
		if storagev1defaults.IsDefaultClass(sc) {
			name += " (default)"
		}
		reclaimPolicy := string(corev1.PersistentVolumeReclaimDelete)
		if sc.ReclaimPolicy != nil {
			reclaimPolicy = string(*sc.ReclaimPolicy)
		}
		bindingMode := string(storagev1.VolumeBindingImmediate)
		if sc.VolumeBindingMode != nil {
			bindingMode = string(*sc.VolumeBindingMode)
		}
		expansion := sc.AllowVolumeExpansion != nil && *sc.AllowVolumeExpansion
		return metav1.TableRow{Cells: []interface{}{
			name, sc.Provisioner, reclaimPolicy, bindingMode, expansion, tables.Since(sc.CreationTimestamp),
		}}, nil
	})
}
