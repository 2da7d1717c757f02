package v1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group of the PodTolerationRestriction configuration.
const GroupName = "podtolerationrestriction.admission.k8s.io"

var (
	// SchemeGroupVersion is the v1 version of the group.
	SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1"}
	// V1alpha1GroupVersion is the older version, whose Configuration has the same fields.
	V1alpha1GroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1alpha1"}
)

// AddToScheme adds Configuration to a scheme under both versions, since they do not differ.
var AddToScheme = addKnownTypes

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, &Configuration{})
	scheme.AddKnownTypes(V1alpha1GroupVersion, &Configuration{})
	return nil
}
