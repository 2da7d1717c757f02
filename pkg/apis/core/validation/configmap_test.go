package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateConfigMap(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "cm", Namespace: "default"}
	tests := []struct {
		name string
		cm   corev1.ConfigMap
		want []string
	}{
		{"valid", corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{"a.b": "1"}, BinaryData: map[string][]byte{"c": {1}}}, nil},
		{"bad key", corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{"a/b": "1"}}, []string{
			`data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
		}},
		{"key in both", corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{"k": "1"}, BinaryData: map[string][]byte{"k": {1}}}, []string{
			`data[k]: Invalid value: "k": duplicate of key present in binaryData`,
		}},
		{"too big", corev1.ConfigMap{ObjectMeta: meta, Data: map[string]string{"a": strings.Repeat("x", maxConfigDataSize), "b": "y"}}, []string{
			`[]: Too long: may not be more than 1048576 bytes`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateConfigMap(&tt.cm), tt.want...)
		})
	}
}

func TestValidateConfigMapUpdateImmutable(t *testing.T) {
	old := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cm", Namespace: "default", ResourceVersion: "1"}, Immutable: ptr(true), Data: map[string]string{"a": "1"}}
	same := old.DeepCopy()
	same.Labels = map[string]string{"x": "y"}
	expectErrors(t, ValidateConfigMapUpdate(same, old))

	changed := old.DeepCopy()
	changed.Data["a"] = "2"
	changed.BinaryData = map[string][]byte{"b": {1}}
	changed.Immutable = nil
	expectErrors(t, ValidateConfigMapUpdate(changed, old),
		"immutable: Forbidden: field is immutable when `immutable` is set",
		"data: Forbidden: field is immutable when `immutable` is set",
		"binaryData: Forbidden: field is immutable when `immutable` is set",
	)

	mutable := old.DeepCopy()
	mutable.Immutable = ptr(false)
	changed = mutable.DeepCopy()
	changed.Data["a"] = "2"
	changed.Immutable = ptr(true)
	expectErrors(t, ValidateConfigMapUpdate(changed, mutable))
}
