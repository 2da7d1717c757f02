package service

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// TestSelectableFieldsMatchScheme keeps the fields a Service can be selected by in step with the field
// labels the scheme accepts in a request's fieldSelector.
func TestSelectableFieldsMatchScheme(t *testing.T) {
	gvk := corev1.SchemeGroupVersion.WithKind("Service")
	for label, value := range SelectableFields(&corev1.Service{}) {
		if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, label, value); err != nil {
			t.Errorf("selectable field %q is rejected by the scheme: %v", label, err)
		}
	}
	if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, "spec.bogus", "x"); err == nil {
		t.Error("the scheme accepts an unknown field label, so this test proves nothing")
	}
}
