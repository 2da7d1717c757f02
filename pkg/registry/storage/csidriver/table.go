package csidriver

import (
	"strings"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var docs = storagev1.CSIDriverSpec{}.SwaggerDoc()

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "AttachRequired", Type: "boolean", Description: docs["attachRequired"]},
	{Name: "PodInfoOnMount", Type: "boolean", Description: docs["podInfoOnMount"]},
	{Name: "StorageCapacity", Type: "boolean", Description: docs["storageCapacity"]},
	{Name: "TokenRequests", Type: "string", Description: docs["tokenRequests"]},
	{Name: "RequiresRepublish", Type: "boolean", Description: docs["requiresRepublish"]},
	{Name: "Modes", Type: "string", Description: docs["volumeLifecycleModes"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get csidrivers` table: NAME, ATTACHREQUIRED,
// PODINFOONMOUNT, STORAGECAPACITY, TOKENREQUESTS, REQUIRESREPUBLISH, MODES, AGE. An unset
// capability shows its default.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(d *storagev1.CSIDriver) (metav1.TableRow, error) {
		spec := d.Spec
		tokenRequests := tables.Unset
		if spec.TokenRequests != nil {
			audiences := make([]string, 0, len(spec.TokenRequests))
			for _, r := range spec.TokenRequests {
				audiences = append(audiences, r.Audience)
			}
			tokenRequests = strings.Join(audiences, ",")
		}
		modes := make([]string, 0, len(spec.VolumeLifecycleModes))
		for _, m := range spec.VolumeLifecycleModes {
			modes = append(modes, string(m))
		}
		return metav1.TableRow{Cells: []interface{}{
			d.Name, orDefault(spec.AttachRequired, true), orDefault(spec.PodInfoOnMount, false), orDefault(spec.StorageCapacity, false),
			tokenRequests, orDefault(spec.RequiresRepublish, false), tables.OrNone(strings.Join(modes, ",")), tables.Since(d.CreationTimestamp),
		}}, nil
	})
}

func orDefault(v *bool, def bool) bool {
	if v == nil {
		return def
	}
	return *v
}
