package validation

import (
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Messages apimachinery produces for the name rules; spelled out here so
// the tests read like the 422 causes a client sees.
const (
	dnsLabelMsg     = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
	dnsSubdomainMsg = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
	dns1035Msg      = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`
	invalidIPMsg    = `must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`
)

// expectErrors compares the rendered errors (field, type, value, detail)
// with want, ignoring order because upstream iterates maps too.
func expectErrors(t *testing.T, got field.ErrorList, want ...string) {
	t.Helper()
	gotStrs := make([]string, 0, len(got))
	for _, e := range got {
		gotStrs = append(gotStrs, e.Error())
	}
	wantStrs := append([]string(nil), want...)
	sort.Strings(gotStrs)
	sort.Strings(wantStrs)
	if strings.Join(gotStrs, "\n") != strings.Join(wantStrs, "\n") {
		t.Errorf("errors mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(gotStrs, "\n  "), strings.Join(wantStrs, "\n  "))
	}
}

func ptr[T any](v T) *T { return &v }

// validContainer is a container as defaulting leaves it.
func validContainer(name string) corev1.Container {
	return corev1.Container{
		Name:                     name,
		Image:                    "nginx:1.27",
		ImagePullPolicy:          corev1.PullIfNotPresent,
		TerminationMessagePath:   corev1.TerminationMessagePathDefault,
		TerminationMessagePolicy: corev1.TerminationMessageReadFile,
	}
}

// validPod is a defaulted pod that passes validation.
func validPod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", ResourceVersion: "1"},
		Spec: corev1.PodSpec{
			Containers:                    []corev1.Container{validContainer("app")},
			RestartPolicy:                 corev1.RestartPolicyAlways,
			DNSPolicy:                     corev1.DNSClusterFirst,
			TerminationGracePeriodSeconds: ptr(int64(30)),
			SecurityContext:               &corev1.PodSecurityContext{},
			SchedulerName:                 corev1.DefaultSchedulerName,
			ServiceAccountName:            "default",
		},
	}
}

func validPodTemplate() *corev1.PodTemplateSpec {
	pod := validPod()
	return &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
		Spec:       pod.Spec,
	}
}
