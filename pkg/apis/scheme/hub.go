package scheme

import (
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// AddVersionAsHub registers a k8s.io/api group version in scheme twice: under its real version through
// addToScheme, then the same Go types under the internal version. Converting an object to a version its
// Go type already has only sets TypeMeta, so the published structs serve as both wire and hub types and
// no conversion functions are needed.
func AddVersionAsHub(scheme *runtime.Scheme, gv schema.GroupVersion, addToScheme func(*runtime.Scheme) error) error {
	if err := addToScheme(scheme); err != nil {
		return err
	}
	internal := schema.GroupVersion{Group: gv.Group, Version: runtime.APIVersionInternal}
	for kind, t := range scheme.KnownTypes(gv) {
		// The meta option types that addToScheme also registers belong to apimachinery, not the group.
		if strings.HasPrefix(t.PkgPath(), "k8s.io/apimachinery/") {
			continue
		}
		obj, ok := reflect.New(t).Interface().(runtime.Object)
		if !ok {
			return fmt.Errorf("%s %s is not a runtime.Object", gv, kind)
		}
		scheme.AddKnownTypeWithName(internal.WithKind(kind), obj)
	}
	return scheme.SetVersionPriority(gv)
}
