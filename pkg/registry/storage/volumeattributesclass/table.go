package volumeattributesclass

import (
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// isDefaultAnnotation marks the class a claim without one gets.
const isDefaultAnnotation = "volumeattributesclass.alpha.kubernetes.io/is-default-class"

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "DriverName", Type: "string", Description: storagev1.VolumeAttributesClass{}.SwaggerDoc()["driverName"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get volumeattributesclasses` table: NAME (with
// " (default)" after the default class), DRIVERNAME, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(vac *storagev1.VolumeAttributesClass) (metav1.TableRow, error) {
		name := vac.Name
		if vac.Annotations[isDefaultAnnotation] == "true" {
			name += " (default)"
		}
		return metav1.TableRow{Cells: []interface{}{name, vac.DriverName, tables.Since(vac.CreationTimestamp)}}, nil
	})
}
