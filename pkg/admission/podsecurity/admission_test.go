package podsecurity

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

const config = `apiVersion: pod-security.admission.config.k8s.io/v1
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
`

func newTestPlugin(t *testing.T, config string, namespaces ...*corev1.Namespace) *plugin {
	t.Helper()
	p, err := newPlugin(strings.NewReader(config))
	if err != nil {
		t.Fatal(err)
	}
	admissiontest.KnowNamespaces(t, p, namespaces...)
	if err := p.ValidateInitialization(); err != nil {
		t.Fatal(err)
	}
	return p
}

func privilegedPod(namespace string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: namespace},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "c", Image: "i", SecurityContext: &corev1.SecurityContext{Privileged: ptr.To(true)},
		}}},
	}
}

func TestValidate(t *testing.T) {
	labelled := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "open", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "privileged"}}}
	plain := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "plain"}}
	p := newTestPlugin(t, config, labelled, plain)

	err := p.Validate(context.Background(), admissiontest.CreatePod(privilegedPod("plain")), nil)
	want := `pods "p" is forbidden: violates PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)`
	if err == nil || err.Error() != want {
		t.Errorf("configured default: err = %v\nwant %s", err, want)
	}
	if err := p.Validate(context.Background(), admissiontest.CreatePod(privilegedPod("open")), nil); err != nil {
		t.Errorf("namespace label privileged: %v", err)
	}
}

// TestBadConfiguration: the library reads the configuration as it is and checks it once the
// plugin is initialized, which fails kapi's start as it fails kube-apiserver's.
func TestBadConfiguration(t *testing.T) {
	p, err := newPlugin(strings.NewReader("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: strictest\n"))
	if err != nil {
		t.Fatal(err)
	}
	admissiontest.KnowNamespaces(t, p)
	if err := p.ValidateInitialization(); err == nil {
		t.Fatal("an unknown level was accepted")
	}
}
