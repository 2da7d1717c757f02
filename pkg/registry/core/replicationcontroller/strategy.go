package replicationcontroller

import (
	"context"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// nonConvertibleAnnotationPrefix marks annotations that record fields an older API version could
// not represent; the fields they name may not be changed.
const nonConvertibleAnnotationPrefix = "non-convertible.kubernetes.io"

type rcStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of replication controllers.
var Strategy = rcStrategy{Base: basestrategy.Namespaced}

// DefaultGarbageCollectionPolicy orphans the pods of a replication controller deleted through
// /api/v1, which is what v1 clients have always relied on; any other caller deletes them.
func (rcStrategy) DefaultGarbageCollectionPolicy(ctx context.Context) rest.GarbageCollectionPolicy {
	if info, ok := genericapirequest.RequestInfoFrom(ctx); ok &&
		info.APIGroup == corev1.GroupName && info.APIVersion == corev1.SchemeGroupVersion.Version {
		return rest.OrphanDependents
	}
	return rest.DeleteDependents
}

// PrepareForCreate drops the status, which only the controller sets, and starts the generation at 1.
func (rcStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	rc := obj.(*corev1.ReplicationController)
	rc.Status = corev1.ReplicationControllerStatus{}
	rc.Generation = 1
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes, so that
// status.observedGeneration tells whether the controller has seen the latest spec.
func (rcStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	rc, oldRC := obj.(*corev1.ReplicationController), old.(*corev1.ReplicationController)
	rc.Status = oldRC.Status
	basestrategy.BumpGenerationOnSpecChange(rc, oldRC, rc.Spec, oldRC.Spec)
}

// Validate checks a new replication controller.
func (rcStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateReplicationController(obj.(*corev1.ReplicationController))
}

// WarningsOnCreate warns about names that make poor pod host names.
func (rcStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return basestrategy.PodNameWarnings(obj.(*corev1.ReplicationController).Name)
}

// ValidateUpdate checks an update of a replication controller. Like kube-apiserver it validates
// the object as a whole and then the change, and refuses changes to fields that a
// non-convertible annotation pins.
func (rcStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	rc, oldRC := obj.(*corev1.ReplicationController), old.(*corev1.ReplicationController)
	errs := validation.ValidateReplicationController(rc)
	errs = append(errs, validation.ValidateReplicationControllerUpdate(rc, oldRC)...)

	for key, value := range oldRC.Annotations {
		if !strings.HasPrefix(key, nonConvertibleAnnotationPrefix) {
			continue
		}
		parts := strings.Split(key, "/")
		if len(parts) != 2 {
			continue
		}
		brokenField := parts[1]
		if strings.Contains(brokenField, "selector") {
			if !apiequality.Semantic.DeepEqual(rc.Spec.Selector, oldRC.Spec.Selector) {
				errs = append(errs, field.Invalid(field.NewPath("spec", "selector"), rc.Spec.Selector, "cannot update non-convertible selector"))
			}
			continue
		}
		errs = append(errs, &field.Error{Type: field.ErrorTypeNotFound, BadValue: value, Field: brokenField, Detail: "unknown non-convertible field"})
	}
	return errs
}

type rcStatusStrategy struct {
	rcStrategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of replicationcontrollers/status.
var StatusStrategy = rcStatusStrategy{rcStrategy: Strategy}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (rcStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.ReplicationController).Spec = old.(*corev1.ReplicationController).Spec
}

// ValidateUpdate checks a status update.
func (rcStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateReplicationControllerStatusUpdate(obj.(*corev1.ReplicationController), old.(*corev1.ReplicationController))
}

// GetAttrs returns the labels and the selectable fields of a replication controller.
var GetAttrs = basestrategy.Attrs("a replication controller", SelectableFields)

// SelectableFields returns the fields a field selector may match on a replication controller.
func SelectableFields(rc *corev1.ReplicationController) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"status.replicas": strconv.Itoa(int(rc.Status.Replicas)),
	}, &rc.ObjectMeta, true)
}
