package nodelifecycle

import (
	"maps"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestBetaLabelUpdates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		labels map[string]string
		want   map[string]string
	}{
		{name: "no stable labels", labels: map[string]string{"beta.kubernetes.io/os": "windows"}, want: map[string]string{}},
		{name: "missing beta labels", labels: map[string]string{"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}, want: map[string]string{"beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64"}},
		{name: "differing beta label", labels: map[string]string{"kubernetes.io/os": "linux", "beta.kubernetes.io/os": "windows"}, want: map[string]string{"beta.kubernetes.io/os": "linux"}},
		{name: "in sync", labels: map[string]string{"kubernetes.io/os": "linux", "beta.kubernetes.io/os": "linux"}, want: map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := betaLabelUpdates(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Labels: tc.labels}})
			if !maps.Equal(got, tc.want) {
				t.Errorf("updates = %v, want %v", got, tc.want)
			}
		})
	}
}
