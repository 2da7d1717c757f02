package v0

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group of ABAC policy files.
const GroupName = "abac.authorization.kubernetes.io"

// SchemeGroupVersion is the v0 version of the group.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v0"}

var (
	// localSchemeBuilder is where the generated conversions register themselves.
	localSchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme adds the v0 types and their conversions to a scheme.
	AddToScheme = localSchemeBuilder.AddToScheme
)

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, &Policy{})
	return nil
}
