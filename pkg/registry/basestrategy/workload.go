package basestrategy

import (
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// BumpGenerationOnSpecChange moves obj to the generation after old's when its spec differs from
// old's, so that status.observedGeneration tells whether a controller has seen the latest spec. The
// generic registry has already given obj old's generation.
func BumpGenerationOnSpecChange(obj, old metav1.Object, spec, oldSpec interface{}) {
	if !apiequality.Semantic.DeepEqual(spec, oldSpec) {
		obj.SetGeneration(old.GetGeneration() + 1)
	}
}
