package validation

import (
	"encoding/json"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestInternalShapeKeepsApimachineryTypes(t *testing.T) {
	type spec struct {
		Name     string                `json:"name"`
		Selector *metav1.LabelSelector `json:"selector"`
	}
	got, err := json.Marshal(InternalShape(spec{Name: "web", Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}))
	if err != nil {
		t.Fatal(err)
	}
	// The internal types embed the same metav1.LabelSelector, which keeps its json names.
	if want := `{"Name":"web","Selector":{"matchLabels":{"app":"web"}}}`; string(got) != want {
		t.Errorf("rendered %s, want %s", got, want)
	}
}
