package deployment

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestTemplateHash(t *testing.T) {
	template := func(image string) *corev1.PodTemplateSpec {
		return &corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: image}}},
		}
	}
	tests := []struct {
		name       string
		a, b       *corev1.PodTemplateSpec
		countA     *int32
		countB     *int32
		wantEquals bool
	}{
		{name: "same template", a: template("nginx:1.27"), b: template("nginx:1.27"), wantEquals: true},
		{name: "other image", a: template("nginx:1.27"), b: template("nginx:1.28")},
		{name: "collision count", a: template("nginx:1.27"), b: template("nginx:1.27"), countB: ptr.To[int32](1)},
		{name: "collision counts differ", a: template("nginx:1.27"), b: template("nginx:1.27"), countA: ptr.To[int32](1), countB: ptr.To[int32](2)},
		{name: "zero collisions is not none", a: template("nginx:1.27"), b: template("nginx:1.27"), countB: ptr.To[int32](0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := TemplateHash(tt.a, tt.countA), TemplateHash(tt.b, tt.countB)
			if (a == b) != tt.wantEquals {
				t.Errorf("hashes %q and %q, want equal %v", a, b, tt.wantEquals)
			}
			for _, h := range []string{a, b} {
				// rand.SafeEncodeString's alphabet has no vowels and no 0, 1 or 3.
				if h == "" || strings.ContainsAny(h, "aeiou013") {
					t.Errorf("hash %q is not in the safe alphabet", h)
				}
			}
		})
	}
}
