package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateServiceAccount(t *testing.T) {
	cases := []struct {
		name string
		sa   corev1.ServiceAccount
		want []string
	}{
		{
			name: "valid with dots",
			sa:   corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "build.robot", Namespace: "default"}},
		},
		{
			name: "uppercase name",
			sa:   corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "Robot", Namespace: "default"}},
			want: []string{`metadata.name: Invalid value: "Robot": ` + dnsSubdomainMsg},
		},
		{
			name: "no namespace",
			sa:   corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "robot"}},
			want: []string{"metadata.namespace: Required value"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateServiceAccount(&tc.sa), tc.want...)
		})
	}
}

func TestValidateServiceAccountUpdate(t *testing.T) {
	old := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "robot", Namespace: "default", ResourceVersion: "1"}}
	renamed := old.DeepCopy()
	renamed.Name = "other"
	expectErrors(t, ValidateServiceAccountUpdate(renamed, old),
		`metadata.name: Invalid value: "other": field is immutable`)
	automount := old.DeepCopy()
	automount.AutomountServiceAccountToken = ptr(false)
	expectErrors(t, ValidateServiceAccountUpdate(automount, old))
}
