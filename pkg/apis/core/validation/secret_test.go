package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateSecretTypes(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "s", Namespace: "default"}
	tests := []struct {
		name   string
		secret corev1.Secret
		want   []string
	}{
		{"opaque", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeOpaque, Data: map[string][]byte{"k": []byte("v")}}, nil},
		{"custom type", corev1.Secret{ObjectMeta: meta, Type: "example.com/thing"}, nil},
		{"service account token without account", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeServiceAccountToken}, []string{
			"metadata.annotations[kubernetes.io/service-account.name]: Required value",
		}},
		{"dockercfg missing", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeDockercfg}, []string{"data[.dockercfg]: Required value"}},
		{"dockerconfigjson not json", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeDockerConfigJson, Data: map[string][]byte{".dockerconfigjson": []byte("{x")}}, []string{
			`data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'x' looking for beginning of object key string`,
		}},
		{"basic auth empty", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeBasicAuth}, []string{
			"data[username]: Required value", "data[password]: Required value",
		}},
		{"basic auth password only", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeBasicAuth, Data: map[string][]byte{"password": nil}}, nil},
		{"ssh empty key", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeSSHAuth, Data: map[string][]byte{"ssh-privatekey": {}}}, []string{
			"data[ssh-privatekey]: Required value",
		}},
		{"tls without key", corev1.Secret{ObjectMeta: meta, Type: corev1.SecretTypeTLS, Data: map[string][]byte{"tls.crt": []byte("c")}}, []string{
			"data[tls.key]: Required value",
		}},
		{"bad key", corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{"..": nil}}, []string{
			`data[..]: Invalid value: "..": must not be '..'`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateSecret(&tt.secret), tt.want...)
		})
	}
}

func TestValidateSecretUpdate(t *testing.T) {
	old := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "default", ResourceVersion: "1"}, Type: corev1.SecretTypeOpaque, Data: map[string][]byte{"k": []byte("v")}}
	retyped := old.DeepCopy()
	retyped.Type = "example.com/other"
	expectErrors(t, ValidateSecretUpdate(retyped, old), `type: Invalid value: "example.com/other": field is immutable`)

	frozen := old.DeepCopy()
	frozen.Immutable = ptr(true)
	changed := frozen.DeepCopy()
	changed.Data["k"] = []byte("w")
	changed.Immutable = ptr(false)
	expectErrors(t, ValidateSecretUpdate(changed, frozen),
		"immutable: Forbidden: field is immutable when `immutable` is set",
		"data: Forbidden: field is immutable when `immutable` is set",
	)
}
