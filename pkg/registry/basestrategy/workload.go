package basestrategy

import (
	"fmt"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
)

// PodNameWarnings warns, for a controller whose pods are named after it, that a name which is not a
// DNS label makes for poor pod names and host names.
func PodNameWarnings(name string) []string {
	if msgs := utilvalidation.IsDNS1123Label(name); len(msgs) != 0 {
		return []string{fmt.Sprintf("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: %v", msgs)}
	}
	return nil
}

// BumpGenerationOnSpecChange moves obj to the generation after old's when its spec differs from
// old's, so that status.observedGeneration tells whether a controller has seen the latest spec. The
// generic registry has already given obj old's generation.
func BumpGenerationOnSpecChange(obj, old metav1.Object, spec, oldSpec interface{}) {
	if !apiequality.Semantic.DeepEqual(spec, oldSpec) {
		obj.SetGeneration(old.GetGeneration() + 1)
	}
}
