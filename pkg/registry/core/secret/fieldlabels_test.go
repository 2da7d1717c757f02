package secret

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// TestSelectableFieldsMatchScheme keeps the fields a secret can be selected by in step with the field
// labels the scheme accepts in a request's fieldSelector.
func TestSelectableFieldsMatchScheme(t *testing.T) {
	gvk := corev1.SchemeGroupVersion.WithKind("Secret")
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "ns"}, Type: corev1.SecretTypeTLS}
	for label, value := range SelectableFields(secret) {
		if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, label, value); err != nil {
			t.Errorf("selectable field %q is rejected by the scheme: %v", label, err)
		}
	}
	if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, "data", "x"); err == nil {
		t.Error("the scheme accepts an unknown field label, so this test proves nothing")
	}
	pred := storage.SelectionPredicate{Label: labels.Everything(), Field: fields.OneTermEqualSelector("type", string(corev1.SecretTypeTLS)), GetAttrs: GetAttrs}
	if ok, err := pred.Matches(secret); err != nil || !ok {
		t.Errorf("type=kubernetes.io/tls did not match a TLS secret: %v, %v", ok, err)
	}
}
