package scheme

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"
)

func TestQueryParameterConversions(t *testing.T) {
	s := runtime.NewScheme()
	if err := corev1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	if err := AddQueryParameterConversions(s, &corev1.PodLogOptions{}, &corev1.PodExecOptions{}, &corev1.PodPortForwardOptions{}); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		query string
		into  runtime.Object
		want  runtime.Object
	}{
		{
			query: "container=app&follow=true&previous=no&tailLines=10&timestamps=1&sinceTime=2026-12-02T03:04:05Z&stream=Stderr&container=ignored",
			into:  &corev1.PodLogOptions{Container: "stale"},
			want:  &corev1.PodLogOptions{Container: "app", Follow: true, TailLines: ptr.To[int64](10), Timestamps: true, SinceTime: ptr.To(metav1.NewTime(since)), Stream: ptr.To("Stderr")},
		},
		{
			query: "command=sh&command=-c&command=date&stdout=true&tty=false",
			into:  &corev1.PodExecOptions{},
			want:  &corev1.PodExecOptions{Command: []string{"sh", "-c", "date"}, Stdout: true},
		},
		{
			query: "ports=80&ports=8080",
			into:  &corev1.PodPortForwardOptions{},
			want:  &corev1.PodPortForwardOptions{Ports: []int32{80, 8080}},
		},
	}
	for _, tt := range tests {
		values, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Convert(&values, tt.into, nil); err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		if diff := cmp.Diff(tt.want, tt.into); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.query, diff)
		}
	}
	values := url.Values{"tailLines": {"many"}}
	if err := s.Convert(&values, &corev1.PodLogOptions{}, nil); err == nil {
		t.Error("tailLines=many converted without an error")
	}
}
