// Package scalerest serves the scale subresource of workload resources: an autoscaling/v1 Scale view
// of an object kept in a generic registry store, whose writes change only the object's desired
// replica count.
package scalerest

import (
	"context"
	"fmt"
	"reflect"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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

// Scalable is what the subresource needs to know about a resource whose objects are of type T.
type Scalable[T runtime.Object] struct {
	// Resource names the subresource in errors, such as apps "deployments/scale".
	Resource schema.GroupResource
	// ReadResource, when set, names the subresource in the not-found error of a read instead:
	// upstream puts replicationcontrollers/scale in the autoscaling group there.
	ReadResource schema.GroupResource
	// GroupVersion is the version the resource is served in, whose spec.replicas a Scale's
	// spec.replicas stands for in field ownership.
	GroupVersion schema.GroupVersion
	// ToScale returns the Scale view of an object.
	ToScale func(T) (*autoscalingv1.Scale, error)
	// SetReplicas sets an object's desired replica count.
	SetReplicas func(T, int32)
}

// Scale fills in a Scale's metadata from obj, and its replica counts and selector from the arguments.
func Scale(obj metav1.Object, specReplicas, statusReplicas int32, selector string) *autoscalingv1.Scale {
	return &autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{
			Name:              obj.GetName(),
			Namespace:         obj.GetNamespace(),
			UID:               obj.GetUID(),
			ResourceVersion:   obj.GetResourceVersion(),
			CreationTimestamp: obj.GetCreationTimestamp(),
		},
		Spec:   autoscalingv1.ScaleSpec{Replicas: specReplicas},
		Status: autoscalingv1.ScaleStatus{Replicas: statusReplicas, Selector: selector},
	}
}

// REST serves <resource>/scale for objects of type T.
type REST[T runtime.Object] struct {
	store    *genericregistry.Store
	scalable Scalable[T]
}

var _ rest.Patcher = &REST[runtime.Object]{}

// New returns the scale subresource of the resource in store.
func New[T runtime.Object](store *genericregistry.Store, scalable Scalable[T]) *REST[T] {
	return &REST[T]{store: store, scalable: scalable}
}

// GroupVersionKind returns autoscaling/v1 Scale, the kind this subresource speaks.
func (r *REST[T]) GroupVersionKind(containingGV schema.GroupVersion) schema.GroupVersionKind {
	return autoscalingv1.SchemeGroupVersion.WithKind("Scale")
}

// New returns an empty Scale.
func (r *REST[T]) New() runtime.Object { return &autoscalingv1.Scale{} }

// Destroy does nothing: the main resource owns the storage.
func (r *REST[T]) Destroy() {}

// Get returns the Scale of an object.
func (r *REST[T]) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.store.Get(ctx, name, options)
	if err != nil {
		resource := r.scalable.ReadResource
		if resource.Empty() {
			resource = r.scalable.Resource
		}
		return nil, apierrors.NewNotFound(resource, name)
	}
	scale, err := r.scalable.ToScale(obj.(T))
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	return scale, nil
}

// Update sets an object's desired replicas from a Scale and returns the new Scale.
func (r *REST[T]) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	obj, _, err := r.store.Update(ctx, name,
		&updatedObjectInfo[T]{name: name, reqObjInfo: objInfo, scalable: r.scalable},
		r.toScaleCreateValidation(createValidation),
		r.toScaleUpdateValidation(updateValidation),
		false, options)
	if err != nil {
		return nil, false, err
	}
	scale, err := r.scalable.ToScale(obj.(T))
	if err != nil {
		return nil, false, apierrors.NewBadRequest(err.Error())
	}
	return scale, false, nil
}

// ConvertToTable renders Scales as kubectl's table.
func (r *REST[T]) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return tableConvertor.ConvertToTable(ctx, object, tableOptions)
}

var tableConvertor = tables.New([]metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Description: metav1.ObjectMeta{}.SwaggerDoc()["name"]},
	{Name: "Desired", Type: "integer", Description: autoscalingv1.ScaleSpec{}.SwaggerDoc()["replicas"]},
	{Name: "Available", Type: "integer", Description: autoscalingv1.ScaleStatus{}.SwaggerDoc()["replicas"]},
	tables.AgeColumn(),
}, func(scale *autoscalingv1.Scale) (metav1.TableRow, error) {
	return metav1.TableRow{Cells: []interface{}{
		scale.Name, int64(scale.Spec.Replicas), int64(scale.Status.Replicas), tables.Since(scale.CreationTimestamp),
	}}, nil
})

// toScaleCreateValidation shows admission the Scale rather than the object.
func (r *REST[T]) toScaleCreateValidation(f rest.ValidateObjectFunc) rest.ValidateObjectFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj runtime.Object) error {
		scale, err := r.scalable.ToScale(obj.(T))
		if err != nil {
			return err
		}
		return f(ctx, scale)
	}
}

// toScaleUpdateValidation shows admission the Scales rather than the objects.
func (r *REST[T]) toScaleUpdateValidation(f rest.ValidateObjectUpdateFunc) rest.ValidateObjectUpdateFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj, old runtime.Object) error {
		newScale, err := r.scalable.ToScale(obj.(T))
		if err != nil {
			return err
		}
		oldScale, err := r.scalable.ToScale(old.(T))
		if err != nil {
			return err
		}
		return f(ctx, newScale, oldScale)
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

// updatedObjectInfo turns the stored object into the Scale the client's update or patch applies to,
// and the resulting Scale back into the object.
type updatedObjectInfo[T runtime.Object] struct {
	name       string
	reqObjInfo rest.UpdatedObjectInfo
	scalable   Scalable[T]
}

// Preconditions returns the client's preconditions.
func (i *updatedObjectInfo[T]) Preconditions() *metav1.Preconditions {
	return i.reqObjInfo.Preconditions()
}

// UpdatedObject returns the stored object with the new Scale's replicas and resourceVersion, whose
// field ownership follows the Scale's.
func (i *updatedObjectInfo[T]) UpdatedObject(ctx context.Context, oldObj runtime.Object) (runtime.Object, error) {
	obj, ok := oldObj.DeepCopyObject().(T)
	if !ok {
		kind := reflect.TypeOf((*T)(nil)).Elem().Elem().Name()
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected existing object type to be %s, got %T", kind, oldObj))
	}
	accessor, ok := any(obj).(metav1.Object)
	if !ok {
		return nil, apierrors.NewInternalError(fmt.Errorf("%T has no object metadata", obj))
	}
	// A zero-value object is what storage hands over when nothing is stored.
	if accessor.GetResourceVersion() == "" {
		return nil, apierrors.NewNotFound(i.scalable.Resource, i.name)
	}

	groupVersion := i.scalable.GroupVersion
	replicasPaths := managedfields.ResourcePathMappings{groupVersion.String(): fieldpath.MakePathOrDie("spec", "replicas")}
	if info, found := genericapirequest.RequestInfoFrom(ctx); found {
		requested := schema.GroupVersion{Group: info.APIGroup, Version: info.APIVersion}
		if _, ok := replicasPaths[requested.String()]; !ok {
			return nil, apierrors.NewInternalError(fmt.Errorf("unrecognized group/version in request info %q", requested.String()))
		}
	}
	managedFields := managedfields.NewScaleHandler(accessor.GetManagedFields(), groupVersion, replicasPaths)

	oldScale, err := i.scalable.ToScale(obj)
	if err != nil {
		return nil, err
	}
	if oldScale.ManagedFields, err = managedFields.ToSubresource(); err != nil {
		return nil, err
	}

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
		return nil, apierrors.NewInvalid(autoscalingv1.SchemeGroupVersion.WithKind("Scale").GroupKind(), accessor.GetName(), errs)
	}
	// A resourceVersion precondition is enforced by storage; a UID one has to be checked here.
	if scale.UID != "" && scale.UID != accessor.GetUID() {
		return nil, apierrors.NewConflict(i.scalable.Resource, accessor.GetName(),
			fmt.Errorf("Precondition failed: UID in precondition: %v, UID in object meta: %v", scale.UID, accessor.GetUID()))
	}

	i.scalable.SetReplicas(obj, scale.Spec.Replicas)
	accessor.SetResourceVersion(scale.ResourceVersion)

	parentManagedFields, err := managedFields.ToParent(scale.ManagedFields)
	if err != nil {
		return nil, err
	}
	accessor.SetManagedFields(parentManagedFields)
	return obj, nil
}

// SelectorScale is Scale for a workload whose pods a label selector picks, such as a deployment; an
// unset desired replica count counts as 0.
func SelectorScale(obj metav1.Object, specReplicas *int32, statusReplicas int32, selector *metav1.LabelSelector) (*autoscalingv1.Scale, error) {
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return nil, err
	}
	var replicas int32
	if specReplicas != nil {
		replicas = *specReplicas
	}
	return Scale(obj, replicas, statusReplicas, s.String()), nil
}
