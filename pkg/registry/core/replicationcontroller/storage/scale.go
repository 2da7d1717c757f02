package storage

import (
	"context"
	"fmt"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	// The Scale kind must be registered for the subresource to be served.
	_ "github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// replicasPaths maps each version replication controllers are served in to the field that a
// Scale's spec.replicas stands for, so that field ownership moves between the two.
var replicasPaths = managedfields.ResourcePathMappings{
	corev1.SchemeGroupVersion.String(): fieldpath.MakePathOrDie("spec", "replicas"),
}

// ScaleREST serves replicationcontrollers/scale: an autoscaling/v1 Scale view of a replication
// controller whose writes change only spec.replicas.
type ScaleREST struct {
	store *genericregistry.Store
}

var (
	_ rest.Patcher                  = &ScaleREST{}
	_ rest.GroupVersionKindProvider = &ScaleREST{}
)

// GroupVersionKind returns autoscaling/v1 Scale, the kind this subresource speaks.
func (r *ScaleREST) GroupVersionKind(containingGV schema.GroupVersion) schema.GroupVersionKind {
	return autoscalingv1.SchemeGroupVersion.WithKind("Scale")
}

// New returns an empty Scale.
func (r *ScaleREST) New() runtime.Object { return &autoscalingv1.Scale{} }

// Destroy does nothing: the main resource owns the storage.
func (r *ScaleREST) Destroy() {}

// Get returns the Scale of a replication controller.
func (r *ScaleREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.store.Get(ctx, name, options)
	if err != nil {
		return nil, apierrors.NewNotFound(autoscalingv1.Resource("replicationcontrollers/scale"), name)
	}
	return scaleFromRC(obj.(*corev1.ReplicationController)), nil
}

// Update sets spec.replicas of a replication controller from a Scale and returns the new Scale.
func (r *ScaleREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	obj, _, err := r.store.Update(ctx, name,
		&scaleUpdatedObjectInfo{name: name, reqObjInfo: objInfo},
		toScaleCreateValidation(createValidation),
		toScaleUpdateValidation(updateValidation),
		false, options)
	if err != nil {
		return nil, false, err
	}
	return scaleFromRC(obj.(*corev1.ReplicationController)), false, nil
}

// ConvertToTable renders Scales as kubectl's table.
func (r *ScaleREST) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return scaleTableConvertor.ConvertToTable(ctx, object, tableOptions)
}

var scaleTableConvertor = tables.New([]metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Description: metav1.ObjectMeta{}.SwaggerDoc()["name"]},
	{Name: "Desired", Type: "integer", Description: autoscalingv1.ScaleSpec{}.SwaggerDoc()["replicas"]},
	{Name: "Available", Type: "integer", Description: autoscalingv1.ScaleStatus{}.SwaggerDoc()["replicas"]},
	tables.AgeColumn(),
}, func(scale *autoscalingv1.Scale) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{
		scale.Name, int64(scale.Spec.Replicas), int64(scale.Status.Replicas), tables.Since(scale.CreationTimestamp),
	}}, nil
})

// toScaleCreateValidation shows admission the Scale rather than the replication controller.
func toScaleCreateValidation(f rest.ValidateObjectFunc) rest.ValidateObjectFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj runtime.Object) error {
		return f(ctx, scaleFromRC(obj.(*corev1.ReplicationController)))
	}
}

// toScaleUpdateValidation shows admission the Scales rather than the replication controllers.
func toScaleUpdateValidation(f rest.ValidateObjectUpdateFunc) rest.ValidateObjectUpdateFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj, old runtime.Object) error {
		return f(ctx, scaleFromRC(obj.(*corev1.ReplicationController)), scaleFromRC(old.(*corev1.ReplicationController)))
	}
}

// scaleFromRC builds the Scale view of a replication controller.
func scaleFromRC(rc *corev1.ReplicationController) *autoscalingv1.Scale {
	var replicas int32
	if rc.Spec.Replicas != nil {
		replicas = *rc.Spec.Replicas
	}
	return &autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{
			Name:              rc.Name,
			Namespace:         rc.Namespace,
			UID:               rc.UID,
			ResourceVersion:   rc.ResourceVersion,
			CreationTimestamp: rc.CreationTimestamp,
		},
		Spec: autoscalingv1.ScaleSpec{Replicas: replicas},
		Status: autoscalingv1.ScaleStatus{
			Replicas: rc.Status.Replicas,
			Selector: labels.SelectorFromSet(rc.Spec.Selector).String(),
		},
	}
}

// validateScale checks a Scale written by a client.
func validateScale(scale *autoscalingv1.Scale) field.ErrorList {
	errs := apimachineryvalidation.ValidateObjectMeta(&scale.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	if scale.Spec.Replicas < 0 {
		errs = append(errs, field.Invalid(field.NewPath("spec", "replicas"), scale.Spec.Replicas, "must be greater than or equal to 0"))
	}
	return errs
}

// scaleUpdatedObjectInfo turns the stored replication controller into the Scale the client's
// update or patch applies to, and the resulting Scale back into a replication controller.
type scaleUpdatedObjectInfo struct {
	name       string
	reqObjInfo rest.UpdatedObjectInfo
}

// Preconditions returns the client's preconditions.
func (i *scaleUpdatedObjectInfo) Preconditions() *metav1.Preconditions {
	return i.reqObjInfo.Preconditions()
}

// UpdatedObject returns the stored replication controller with the new Scale's spec.replicas and
// resourceVersion, whose field ownership follows the Scale's.
func (i *scaleUpdatedObjectInfo) UpdatedObject(ctx context.Context, oldObj runtime.Object) (runtime.Object, error) {
	rc, ok := oldObj.DeepCopyObject().(*corev1.ReplicationController)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected existing object type to be ReplicationController, got %T", oldObj))
	}
	// A zero-value object is what storage hands over when nothing is stored.
	if rc.ResourceVersion == "" {
		return nil, apierrors.NewNotFound(corev1.Resource("replicationcontrollers/scale"), i.name)
	}

	groupVersion := corev1.SchemeGroupVersion
	if info, found := genericapirequest.RequestInfoFrom(ctx); found {
		requested := schema.GroupVersion{Group: info.APIGroup, Version: info.APIVersion}
		if _, ok := replicasPaths[requested.String()]; !ok {
			return nil, apierrors.NewInternalError(fmt.Errorf("unrecognized group/version in request info %q", requested.String()))
		}
		groupVersion = requested
	}
	managedFields := managedfields.NewScaleHandler(rc.ManagedFields, groupVersion, replicasPaths)

	oldScale := scaleFromRC(rc)
	scaleManagedFields, err := managedFields.ToSubresource()
	if err != nil {
		return nil, err
	}
	oldScale.ManagedFields = scaleManagedFields

	newScaleObj, err := i.reqObjInfo.UpdatedObject(ctx, oldScale)
	if err != nil {
		return nil, err
	}
	if newScaleObj == nil {
		return nil, apierrors.NewBadRequest("nil update passed to Scale")
	}
	scale, ok := newScaleObj.(*autoscalingv1.Scale)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected input object type to be Scale, but %T", newScaleObj))
	}

	if errs := validateScale(scale); len(errs) > 0 {
		return nil, apierrors.NewInvalid(autoscalingv1.SchemeGroupVersion.WithKind("Scale").GroupKind(), rc.Name, errs)
	}
	// A resourceVersion precondition is enforced by storage; a UID one has to be checked here.
	if scale.UID != "" && scale.UID != rc.UID {
		return nil, apierrors.NewConflict(corev1.Resource("replicationcontrollers/scale"), rc.Name,
			fmt.Errorf("Precondition failed: UID in precondition: %v, UID in object meta: %v", scale.UID, rc.UID))
	}

	replicas := scale.Spec.Replicas
	rc.Spec.Replicas = &replicas
	rc.ResourceVersion = scale.ResourceVersion

	rc.ManagedFields, err = managedFields.ToParent(scale.ManagedFields)
	if err != nil {
		return nil, err
	}
	return rc, nil
}
