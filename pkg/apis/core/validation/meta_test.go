package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestObjectMetaRules(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   []string
	}{
		{
			name:   "missing name",
			mutate: func(p *corev1.Pod) { p.Name = "" },
			want:   []string{"metadata.name: Required value: name or generateName is required"},
		},
		{
			name:   "pod name must be a DNS subdomain",
			mutate: func(p *corev1.Pod) { p.Name = "Web_1" },
			want:   []string{`metadata.name: Invalid value: "Web_1": ` + dnsSubdomainMsg},
		},
		{
			name:   "generateName with trailing dash is fine",
			mutate: func(p *corev1.Pod) { p.GenerateName = "web-" },
		},
		{
			name:   "namespace required",
			mutate: func(p *corev1.Pod) { p.Namespace = "" },
			want:   []string{"metadata.namespace: Required value"},
		},
		{
			name:   "namespace must be a DNS label",
			mutate: func(p *corev1.Pod) { p.Namespace = "My_NS" },
			want:   []string{`metadata.namespace: Invalid value: "My_NS": ` + dnsLabelMsg},
		},
		{
			name:   "namespace may not contain dots",
			mutate: func(p *corev1.Pod) { p.Namespace = "my.ns" },
			want:   []string{`metadata.namespace: Invalid value: "my.ns": must not contain dots`},
		},
		{
			name:   "unqualified unknown finalizer",
			mutate: func(p *corev1.Pod) { p.Finalizers = []string{"foo", "kubernetes", "example.com/bar"} },
			want:   []string{`metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified`},
		},
		{
			name:   "annotations too large",
			mutate: func(p *corev1.Pod) { p.Annotations = map[string]string{"big": strings.Repeat("x", 256*1024)} },
			want:   []string{"metadata.annotations: Too long: may not be more than 262144 bytes"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			tc.mutate(pod)
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}

func TestObjectMetaUpdateRules(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*metav1.ObjectMeta)
		want   []string
	}{
		{
			name:   "name is immutable",
			mutate: func(m *metav1.ObjectMeta) { m.Name = "other" },
			want:   []string{`metadata.name: Invalid value: "other": field is immutable`},
		},
		{
			name:   "uid is immutable",
			mutate: func(m *metav1.ObjectMeta) { m.UID = "changed" },
			want:   []string{`metadata.uid: Invalid value: "changed": field is immutable`},
		},
		{
			name:   "resourceVersion required",
			mutate: func(m *metav1.ObjectMeta) { m.ResourceVersion = "" },
			want:   []string{`metadata.resourceVersion: Invalid value: "": must be specified for an update`},
		},
		{
			name:   "finalizer names checked on update",
			mutate: func(m *metav1.ObjectMeta) { m.Finalizers = []string{"bad"} },
			want:   []string{`metadata.finalizers[0]: Invalid value: "bad": name is neither a standard finalizer name nor is it fully qualified`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldNs := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team", UID: "u1", ResourceVersion: "5"}}
			newNs := oldNs.DeepCopy()
			tc.mutate(&newNs.ObjectMeta)
			expectErrors(t, ValidateNamespaceUpdate(newNs, oldNs), tc.want...)
		})
	}
}
