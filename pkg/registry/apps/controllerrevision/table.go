package controllerrevision

import (
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var controllerRevisionColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Controller", Type: "string", Description: "Controller of the object"},
	{Name: "Revision", Type: "string", Description: appsv1.ControllerRevision{}.SwaggerDoc()["revision"]},
	tables.AgeColumn(),
}

// NewTableConvertor returns the `kubectl get controllerrevisions` table: NAME, CONTROLLER,
// REVISION, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(controllerRevisionColumns, printControllerRevision)
}

// printControllerRevision names the controlling owner as kind.group/name ("statefulset.apps/web").
func printControllerRevision(cr *appsv1.ControllerRevision) (metav1.TableRow, error) {
	controller := tables.None
	if ref := metav1.GetControllerOf(cr); ref != nil {
		gv, err := schema.ParseGroupVersion(ref.APIVersion)
		if err != nil {
			return metav1.TableRow{}, err
		}
		if kind := gv.WithKind(ref.Kind).GroupKind(); kind.Empty() {
			controller = ref.Name
		} else {
			controller = strings.ToLower(kind.String()) + "/" + ref.Name
		}
	}
	return metav1.TableRow{Cells: []interface{}{
		cr.Name, controller, cr.Revision, tables.Since(cr.CreationTimestamp),
	}}, nil
}
