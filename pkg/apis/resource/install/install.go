// Package install registers the resource.k8s.io API group (Dynamic Resource Allocation: device
// classes, claims, claim templates, resource slices and device taint rules) into kapi's scheme.
package install

import (
	"fmt"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	resourcev1defaults "github.com/kapi-dev/kapi/pkg/apis/resource/v1"
	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers resource.k8s.io/v1 as both the served and the internal version, with its
// defaulters, its declarative validations and the field labels that field selectors accept on
// resource slices. The beta and alpha versions are not served, as in kube-apiserver by default.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, resourcev1.SchemeGroupVersion, resourcev1.AddToScheme))
	utilruntime.Must(resourcev1defaults.RegisterDefaults(s))
	validation.RegisterDeclarativeValidations(s)
	slice := resourcev1.SchemeGroupVersion.WithKind("ResourceSlice")
	utilruntime.Must(s.AddFieldLabelConversionFunc(slice, func(label, value string) (string, string, error) {
		switch label {
		case "metadata.name", resourcev1.ResourceSliceSelectorNodeName, resourcev1.ResourceSliceSelectorDriver:
			return label, value, nil
		}
		return "", "", fmt.Errorf("field label not supported for %s: %s", slice, label)
	}))
}
