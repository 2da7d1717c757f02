package denyserviceexternalips

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func service(ips ...string) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"}, Spec: corev1.ServiceSpec{ExternalIPs: ips}}
}

func TestValidate(t *testing.T) {
	const denied = `services "web" is forbidden: Use of external IPs is denied by admission control`
	for _, tc := range []struct {
		name     string
		svc, old *corev1.Service
		want     string
	}{
		{"create without", service(), nil, ""},
		{"create with", service("1.2.3.4"), nil, denied},
		{"update keeping", service("1.2.3.4"), service("5.6.7.8", "1.2.3.4"), ""},
		{"update adding", service("1.2.3.4", "9.9.9.9"), service("1.2.3.4"), denied},
		{"update dropping all", service(), service("1.2.3.4"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admissiontest.Request{Object: tc.svc, Resource: corev1.SchemeGroupVersion.WithResource("services"), Kind: "Service", Namespace: "ns", Name: "web"}
			if tc.old != nil {
				r.Old, r.Operation = tc.old, admission.Update
			}
			err := (&plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}).Validate(context.Background(), r.Attributes(), nil)
			if got := errString(err); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidateOtherObject(t *testing.T) {
	r := admissiontest.Request{Object: runtime.Object(&corev1.Pod{}), Resource: corev1.SchemeGroupVersion.WithResource("services"), Kind: "Service"}
	err := (&plugin{}).Validate(context.Background(), r.Attributes(), nil)
	if want := "Internal error occurred: Expected Service resource, got: /v1, Kind=Service"; errString(err) != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
