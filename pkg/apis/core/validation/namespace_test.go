package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateNamespace(t *testing.T) {
	cases := []struct {
		name string
		ns   corev1.Namespace
		want []string
	}{
		{
			name: "valid",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a"}, Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"kubernetes", "example.com/cleanup"}}},
		},
		{
			name: "name with dots",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team.a"}},
			want: []string{`metadata.name: Invalid value: "team.a": must not contain dots`},
		},
		{
			name: "uppercase name",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "Team"}},
			want: []string{`metadata.name: Invalid value: "Team": ` + dnsLabelMsg},
		},
		{
			name: "namespace is cluster-scoped",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team", Namespace: "default"}},
			want: []string{"metadata.namespace: Forbidden: not allowed on this type"},
		},
		{
			name: "spec finalizer neither standard nor qualified, reported without index",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team"}, Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"kubernetes", "cleanup"}}},
			want: []string{`spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified`},
		},
		{
			name: "spec finalizer that is not a qualified name",
			ns:   corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team"}, Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"example.com/a b"}}},
			want: []string{`spec.finalizers: Invalid value: "example.com/a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateNamespace(&tc.ns), tc.want...)
		})
	}
}

func TestValidateNamespaceStatusUpdate(t *testing.T) {
	deleting := metav1.Now()
	cases := []struct {
		name      string
		deletion  *metav1.Time
		phase     corev1.NamespacePhase
		wantError []string
	}{
		{name: "active while live", phase: corev1.NamespaceActive},
		{name: "terminating while deleting", deletion: &deleting, phase: corev1.NamespaceTerminating},
		{
			name:      "terminating while live",
			phase:     corev1.NamespaceTerminating,
			wantError: []string{`status.Phase: Invalid value: "Terminating": may only be 'Active' if ` + "`deletionTimestamp`" + ` is empty`},
		},
		{
			name:      "active while deleting",
			deletion:  &deleting,
			phase:     corev1.NamespaceActive,
			wantError: []string{`status.Phase: Invalid value: "Active": may only be 'Terminating' if ` + "`deletionTimestamp`" + ` is not empty`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldNs := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team", ResourceVersion: "3", DeletionTimestamp: tc.deletion}}
			newNs := oldNs.DeepCopy()
			newNs.Status.Phase = tc.phase
			expectErrors(t, ValidateNamespaceStatusUpdate(newNs, oldNs), tc.wantError...)
		})
	}
}

func TestValidateNamespaceFinalizeUpdate(t *testing.T) {
	oldNs := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team", ResourceVersion: "3"}}
	newNs := oldNs.DeepCopy()
	newNs.Spec.Finalizers = []corev1.FinalizerName{"kubernetes", "cleanup"}
	expectErrors(t, ValidateNamespaceFinalizeUpdate(newNs, oldNs),
		`spec.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified`)

	newNs.Spec.Finalizers = nil
	expectErrors(t, ValidateNamespaceFinalizeUpdate(newNs, oldNs))
}
