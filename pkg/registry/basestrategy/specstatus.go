package basestrategy

import (
	"fmt"
	"reflect"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// The helpers below serve the strategies of resources whose objects carry a Spec that users write
// and a Status that only a controller writes through the status subresource, such as the workload
// types. They reach the two fields by name, which every such k8s.io/api type has.

// ResetStatusForCreate drops the status a client sent, and starts the generation at 1.
func ResetStatusForCreate(obj runtime.Object) {
	field(obj, "Status").SetZero()
	mustAccessor(obj).SetGeneration(1)
}

// KeepStatusForUpdate keeps the stored status on a write of the main resource, and bumps the
// generation when the spec changed, so that status.observedGeneration tells whether the controller
// has seen the latest spec. It reports whether the spec changed.
func KeepStatusForUpdate(obj, old runtime.Object) bool {
	field(obj, "Status").Set(field(old, "Status"))
	changed := !apiequality.Semantic.DeepEqual(field(obj, "Spec").Interface(), field(old, "Spec").Interface())
	if changed {
		BumpGeneration(obj, old)
	}
	return changed
}

// BumpGeneration sets obj's generation to one more than old's.
func BumpGeneration(obj, old runtime.Object) {
	mustAccessor(obj).SetGeneration(mustAccessor(old).GetGeneration() + 1)
}

// KeepSpecForStatusUpdate keeps the stored spec on a write of the status subresource.
func KeepSpecForStatusUpdate(obj, old runtime.Object) {
	field(obj, "Spec").Set(field(old, "Spec"))
}

// KeepSpecAndMetadataForStatusUpdate keeps the stored spec and metadata on a write of the status
// subresource, all but the managed fields, which record who owns the status fields just written.
func KeepSpecAndMetadataForStatusUpdate(obj, old runtime.Object) {
	KeepSpecForStatusUpdate(obj, old)
	managed := mustAccessor(obj).GetManagedFields()
	field(obj, "ObjectMeta").Set(field(old, "ObjectMeta"))
	mustAccessor(obj).SetManagedFields(managed)
}

func field(obj runtime.Object, name string) reflect.Value {
	f := reflect.ValueOf(obj).Elem().FieldByName(name)
	if !f.IsValid() {
		panic(fmt.Sprintf("%T has no %s", obj, name))
	}
	return f
}

func mustAccessor(obj runtime.Object) metav1.Object {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		panic(err)
	}
	return accessor
}
