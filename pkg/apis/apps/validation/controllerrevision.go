package validation

import (
	"bytes"

	appsv1 "k8s.io/api/apps/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateControllerRevision checks a new controller revision: it must carry data and a
// nonnegative revision number.
func ValidateControllerRevision(cr *appsv1.ControllerRevision) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&cr.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	if len(cr.Data.Raw) == 0 && cr.Data.Object == nil {
		errs = append(errs, field.Required(field.NewPath("data"), "data is mandatory"))
	}
	return append(errs, nonnegative(cr.Revision, field.NewPath("revision"))...)
}

// ValidateControllerRevisionUpdate checks an update of a controller revision, whose data is a
// snapshot and may not change.
func ValidateControllerRevisionUpdate(cr, old *appsv1.ControllerRevision) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&cr.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	errs = append(errs, ValidateControllerRevision(cr)...)
	if !bytes.Equal(cr.Data.Raw, old.Data.Raw) {
		errs = append(errs, field.Invalid(field.NewPath("data"), cr.Data, apimachineryvalidation.FieldImmutableErrorMsg))
	}
	return errs
}
