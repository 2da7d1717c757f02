package pod

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestValidateLogOptions(t *testing.T) {
	now := metav1.Now()
	for _, tc := range []struct {
		name string
		opts corev1.PodLogOptions
		errs int
	}{
		{name: "empty", opts: corev1.PodLogOptions{}},
		{name: "all set", opts: corev1.PodLogOptions{TailLines: ptr.To[int64](0), LimitBytes: ptr.To[int64](1), SinceSeconds: ptr.To[int64](1), Stream: ptr.To(corev1.LogStreamAll)}},
		{name: "negative tail", opts: corev1.PodLogOptions{TailLines: ptr.To[int64](-1)}, errs: 1},
		{name: "zero limit", opts: corev1.PodLogOptions{LimitBytes: ptr.To[int64](0)}, errs: 1},
		{name: "both since", opts: corev1.PodLogOptions{SinceSeconds: ptr.To[int64](1), SinceTime: &now}, errs: 1},
		{name: "zero since", opts: corev1.PodLogOptions{SinceSeconds: ptr.To[int64](0)}, errs: 1},
		{name: "unknown stream", opts: corev1.PodLogOptions{Stream: ptr.To("both")}, errs: 1},
		{name: "tail of one stream", opts: corev1.PodLogOptions{Stream: ptr.To(corev1.LogStreamStdout), TailLines: ptr.To[int64](3)}, errs: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if errs := ValidateLogOptions(&tc.opts); len(errs) != tc.errs {
				t.Errorf("got %v, want %d errors", errs, tc.errs)
			}
		})
	}
}
