package scheme

import (
	"reflect"

	"k8s.io/apimachinery/pkg/runtime"
)

// ServedVersions returns a scheme with every type of Scheme under its real versions only, for the
// OpenAPI definition namer: a type also known under the internal version would otherwise advertise
// __internal in x-kubernetes-group-version-kind.
func ServedVersions() *runtime.Scheme {
	s := runtime.NewScheme()
	for gvk, t := range Scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		if obj, ok := reflect.New(t).Interface().(runtime.Object); ok {
			s.AddKnownTypeWithName(gvk, obj)
		}
	}
	return s
}
